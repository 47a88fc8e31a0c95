package dev.cairn.ospf.wire;

import java.util.List;

/** The five OSPFv2 packet bodies (RFC 2328 A.3.2 to A.3.6). */
public sealed interface PacketBody
    permits PacketBody.Hello,
        PacketBody.DatabaseDescription,
        PacketBody.LsRequest,
        PacketBody.LsUpdate,
        PacketBody.LsAck {

  int TYPE_HELLO = 1;
  int TYPE_DD = 2;
  int TYPE_LS_REQUEST = 3;
  int TYPE_LS_UPDATE = 4;
  int TYPE_LS_ACK = 5;

  /** The packet type code. */
  int type();

  /** Hello (A.3.2). Intervals in seconds. */
  record Hello(
      int networkMask,
      int helloInterval,
      int options,
      int priority,
      int deadInterval,
      int designatedRouter,
      int backupDesignatedRouter,
      List<Integer> neighbors)
      implements PacketBody {
    public Hello {
      neighbors = List.copyOf(neighbors);
    }

    @Override
    public int type() {
      return TYPE_HELLO;
    }
  }

  /** Database Description (A.3.3); flags I (4), M (2), MS (1). */
  record DatabaseDescription(
      int interfaceMtu, int options, int flags, int ddSequence, List<LsaHeader> headers)
      implements PacketBody {
    public static final int FLAG_MS = 1;
    public static final int FLAG_M = 2;
    public static final int FLAG_I = 4;

    public DatabaseDescription {
      headers = List.copyOf(headers);
    }

    @Override
    public int type() {
      return TYPE_DD;
    }
  }

  /** Link State Request (A.3.4). */
  record LsRequest(List<LsaKey> requests) implements PacketBody {
    public LsRequest {
      requests = List.copyOf(requests);
    }

    @Override
    public int type() {
      return TYPE_LS_REQUEST;
    }
  }

  /** Link State Update (A.3.5). */
  record LsUpdate(List<Lsa> lsas) implements PacketBody {
    public LsUpdate {
      lsas = List.copyOf(lsas);
    }

    @Override
    public int type() {
      return TYPE_LS_UPDATE;
    }
  }

  /** Link State Acknowledgment (A.3.6). */
  record LsAck(List<LsaHeader> headers) implements PacketBody {
    public LsAck {
      headers = List.copyOf(headers);
    }

    @Override
    public int type() {
      return TYPE_LS_ACK;
    }
  }
}
