// An OPEN optional parameter (RFC 4271 §4.2; RFC 9072 extended length).
package dev.cairn.bgp.wire;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * An OPEN optional parameter (RFC 4271 §4.2). Peers differ in how they group capabilities (one
 * parameter holding all, or one parameter per capability); the grouping is kept so that a decoded
 * OPEN re-encodes to the same bytes.
 */
public sealed interface OptionalParameter {
  int CAPABILITIES = 2;

  int type();

  /** Parameter type 2 (RFC 5492): one or more capabilities. */
  record Capabilities(List<Capability> capabilities) implements OptionalParameter {
    public Capabilities {
      capabilities = List.copyOf(capabilities);
    }

    @Override
    public int type() {
      return CAPABILITIES;
    }
  }

  /** Any other parameter type, kept as bytes (a receiver answers it with a NOTIFICATION). */
  record Unknown(int type, byte[] value) implements OptionalParameter {
    public Unknown {
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Unknown u && u.type == type && Arrays.equals(u.value, value);
    }

    @Override
    public int hashCode() {
      return Objects.hash(type, Arrays.hashCode(value));
    }

    @Override
    public String toString() {
      return "Unknown[type=" + type + ", value=" + HexFormat.of().formatHex(value) + "]";
    }
  }
}
