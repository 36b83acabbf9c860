package dev.cordon.sandbox;

import java.io.StringWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Builds an XML response document. Values are escaped by the StAX writer, so tag values and
 * other attacker-controlled strings in the state cannot change the document's structure.
 */
final class Xml {
  private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

  private final StringWriter out = new StringWriter();
  private final XMLStreamWriter writer;

  /** Starts a document whose root element is {@code root} in {@code namespace} (may be null). */
  Xml(String root, String namespace) {
    try {
      writer = FACTORY.createXMLStreamWriter(out);
      writer.writeStartDocument("UTF-8", "1.0");
      writer.writeStartElement(root);
      if (namespace != null) {
        writer.writeDefaultNamespace(namespace);
      }
    } catch (XMLStreamException e) {
      throw new IllegalStateException("Failed to start an XML response", e);
    }
  }

  Xml start(String name) {
    try {
      writer.writeStartElement(name);
    } catch (XMLStreamException e) {
      throw new IllegalStateException("Failed to write element " + name, e);
    }
    return this;
  }

  Xml end() {
    try {
      writer.writeEndElement();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("Failed to close an element", e);
    }
    return this;
  }

  /** Writes {@code <name>value</name>}, or nothing when {@code value} is null. */
  Xml text(String name, Object value) {
    if (value == null) {
      return this;
    }
    start(name);
    try {
      writer.writeCharacters(String.valueOf(value));
    } catch (XMLStreamException e) {
      throw new IllegalStateException("Failed to write the value of " + name, e);
    }
    return end();
  }

  /** Closes every open element and returns the document. */
  String finish() {
    try {
      writer.writeEndDocument();
      writer.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("Failed to finish an XML response", e);
    }
    return out.toString();
  }
}
