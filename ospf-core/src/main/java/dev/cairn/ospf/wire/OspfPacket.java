package dev.cairn.ospf.wire;

/**
 * An OSPFv2 packet: the 24-byte header's router and area ids and the body. Version, type, length,
 * checksum and authentication are produced and checked by {@link PacketCodec}.
 */
public record OspfPacket(int routerId, int areaId, PacketBody body) {}
