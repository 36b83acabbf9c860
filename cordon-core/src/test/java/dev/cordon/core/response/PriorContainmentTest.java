package dev.cordon.core.response;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

class PriorContainmentTest {

  @ParameterizedTest
  @CsvSource(nullValues = "none", value = {
      // contained-at,        released-at,            released since
      "2030-01-01T00:00:00Z, 2030-01-02T00:00:00Z,    true",
      "2030-01-02T00:00:00Z, 2030-01-01T00:00:00Z,    false",
      "none,                 2030-01-01T00:00:00Z,    true",
      "2030-01-01T00:00:00Z, none,                    false",
      // A tag that is not a time, as anyone allowed ec2:CreateTags can write, releases nothing.
      "2030-01-01T00:00:00Z, garbage,                 false",
      "garbage,              2030-01-01T00:00:00Z,    false",
  })
  void releasedSince_tagTimes_compared(String contained, String released, boolean expected) {
    Instance.Builder instance = Instance.builder().instanceId("i-0abc123def456");
    java.util.List<Tag> tags = new java.util.ArrayList<>();
    if (contained != null) {
      tags.add(Tag.builder().key(ProtectSteps.CONTAINED_AT).value(contained).build());
    }
    if (released != null) {
      tags.add(Tag.builder().key(ProtectSteps.RELEASED_AT).value(released).build());
    }

    boolean releasedSince = PriorContainment.releasedSince(Target.of(instance.tags(tags).build()));

    assertThat(releasedSince).isEqualTo(expected);
  }
}
