package dev.cairn.ospf.spf;

/** What SPF needs to know about one of the calculating router's interfaces. */
public record LocalInterface(String name, int areaId, int address, int mask) {}
