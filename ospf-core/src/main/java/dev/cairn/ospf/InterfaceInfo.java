package dev.cairn.ospf;

import dev.cairn.net.Ipv4Address;

/** An interface as `show ip ospf interface` prints it. */
public record InterfaceInfo(
    String name,
    Ipv4Address area,
    Ipv4Address address,
    int prefixLength,
    InterfaceState state,
    Ipv4Address designatedRouter,
    Ipv4Address backupDesignatedRouter,
    int cost,
    boolean passive,
    int neighbors,
    int adjacencies,
    long droppedPackets) {}
