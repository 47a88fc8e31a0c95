package dev.cairn.k8s;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import java.util.Map;

/** Builders for the Kubernetes objects the tests create. */
final class Objects8s {
  private Objects8s() {}

  static Node node(String name, List<String> podCidrs, List<String> internalIps) {
    NodeBuilder b =
        new NodeBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .withNewSpec()
            .withPodCIDR(podCidrs.isEmpty() ? null : podCidrs.get(0))
            .withPodCIDRs(podCidrs)
            .endSpec()
            .withNewStatus()
            .endStatus();
    for (String ip : internalIps) {
      b.editStatus()
          .addNewAddress()
          .withType("InternalIP")
          .withAddress(ip)
          .endAddress()
          .endStatus();
    }
    b.editStatus().addNewAddress().withType("Hostname").withAddress(name).endAddress().endStatus();
    return b.build();
  }

  static Service service(
      String ns,
      String name,
      List<String> clusterIps,
      List<String> externalIps,
      List<String> lbIps,
      String externalPolicy,
      Map<String, String> annotations) {
    ServiceBuilder b =
        new ServiceBuilder()
            .withNewMetadata()
            .withNamespace(ns)
            .withName(name)
            .withAnnotations(annotations)
            .endMetadata()
            .withNewSpec()
            .withType(lbIps.isEmpty() ? "ClusterIP" : "LoadBalancer")
            .withClusterIP(clusterIps.isEmpty() ? null : clusterIps.get(0))
            .withClusterIPs(clusterIps)
            .withExternalIPs(externalIps)
            .withExternalTrafficPolicy(externalPolicy)
            .endSpec()
            .withNewStatus()
            .withNewLoadBalancer()
            .endLoadBalancer()
            .endStatus();
    for (String ip : lbIps) {
      b.editStatus()
          .editLoadBalancer()
          .addNewIngress()
          .withIp(ip)
          .endIngress()
          .endLoadBalancer()
          .endStatus();
    }
    return b.build();
  }

  /** A slice of service {@code ns/svc} with one endpoint on {@code node}. */
  static EndpointSlice slice(String ns, String name, String svc, String node, Boolean ready) {
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .addToLabels(RouteModel.SERVICE_NAME_LABEL, svc)
        .endMetadata()
        .withAddressType("IPv4")
        .addNewEndpoint()
        .withAddresses("198.51.100.200")
        .withNodeName(node)
        .withNewConditions()
        .withReady(ready)
        .endConditions()
        .endEndpoint()
        .build();
  }
}
