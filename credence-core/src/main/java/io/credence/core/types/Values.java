package io.credence.core.types;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A record's decoded fields, by name, in declared order; read them with a {@link Param}. */
public final class Values {
  private final Map<String, Object> fields;

  public Values(Map<String, Object> fields) {
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** The value of {@code param}, which must be one of this record's fields. */
  public <T> T get(Param<T> param) {
    if (!fields.containsKey(param.name())) {
      throw new IllegalArgumentException(
          param.name() + ": not a field here; expected one of " + fields.keySet());
    }
    return param.cast(fields.get(param.name()));
  }

  Object raw(String name) {
    Object v = fields.get(name);
    if (v == null) {
      throw new IllegalArgumentException(name + ": required, found nothing");
    }
    return v;
  }

  public Map<String, Object> asMap() {
    return fields;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Values v && fields.equals(v.fields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fields);
  }

  @Override
  public String toString() {
    return fields.toString();
  }
}
