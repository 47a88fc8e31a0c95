package dev.cairn.ospf.archfixture;

import dev.cairn.bgp.wire.AsPath;
import dev.cairn.config.OspfConfig;

/** Forbidden on purpose: OSPF importing the configuration and BGP. */
public class OspfReadsConfig {
  public OspfConfig config;
  public AsPath bgpPath;
}
