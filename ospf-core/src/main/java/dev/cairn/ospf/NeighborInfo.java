package dev.cairn.ospf;

import dev.cairn.net.Ipv4Address;

/** A neighbor as `show ip ospf neighbor` prints it. */
public record NeighborInfo(
    String interfaceName,
    Ipv4Address routerId,
    Ipv4Address address,
    int priority,
    NeighborState state,
    Ipv4Address designatedRouter,
    Ipv4Address backupDesignatedRouter,
    int retransmissionCount,
    int requestCount) {}
