package dev.cordon.core.intel;

import com.google.common.net.InternetDomainName;

/** Recognises host names in threat lists by syntax alone, so they can be reported and not resolved. */
final class HostNames {
  private HostNames() {}

  /** Returns whether {@code text} is a syntactically valid domain name with a letter in it. */
  static boolean isHostName(String text) {
    return text.indexOf('.') > 0 && text.chars().anyMatch(Character::isLetter) && InternetDomainName.isValid(text);
  }
}
