package io.credence.core;

import io.credence.core.codec.Codec;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** Something a contract reports happened: the contract, an event name and sorted attributes. */
public record Event(String contract, String name, SortedMap<String, String> attributes) {
  public static final int ATTRIBUTES_MAX = 32;
  public static final int ATTRIBUTE_BYTES_MAX = 32 << 10;

  public Event {
    attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
  }

  public static final Codec<Event> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, Event e) {
          w.string(e.contract).string(e.name).stringMap(e.attributes);
        }

        @Override
        public Event read(Reader r) {
          return new Event(
              r.string("event.contract", Call.NAME_BYTES_MAX),
              r.string("event.name", Call.NAME_BYTES_MAX),
              r.stringMap("event.attributes", ATTRIBUTES_MAX, ATTRIBUTE_BYTES_MAX));
        }
      };
}
