package dev.cordon.core.network;

import static dev.cordon.core.network.Flow.ENI;
import static dev.cordon.core.network.Flow.INSTANCE;
import static dev.cordon.core.network.Flow.T0;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScopeDiscoveryTest {

  @Test
  void discovery_flowDirection_takesEniSideAndSecondary() {
    ScopeDiscovery discovery = new ScopeDiscovery(INSTANCE);

    // egress from the secondary 10.0.1.9: srcaddr shows the primary 10.0.1.5
    discovery.accept(Flow.of("10.0.1.5", 40000, "198.51.100.7", 443, T0, 100)
        .instance(INSTANCE).direction("egress").packet("10.0.1.9", "198.51.100.7").build());
    discovery.accept(Flow.of("198.51.100.7", 443, "10.0.1.5", 40000, T0, 100)
        .instance(INSTANCE).direction("ingress").build());
    // another instance's record is ignored
    discovery.accept(Flow.of("10.0.3.3", 40000, "198.51.100.7", 443, T0, 100)
        .on("eni-other").instance("i-other").direction("egress").build());

    assertThat(discovery.interfaceIds()).containsExactly(ENI);
    assertThat(discovery.addresses()).containsExactlyInAnyOrder("10.0.1.5", "10.0.1.9");
  }

  @Test
  void discovery_noDirection_takesAddressInEveryRecord() {
    ScopeDiscovery discovery = new ScopeDiscovery(INSTANCE);

    discovery.accept(Flow.of("10.0.1.5", 40000, "198.51.100.7", 443, T0, 100)
        .instance(INSTANCE).build());
    discovery.accept(Flow.of("203.0.113.9", 51000, "10.0.1.5", 22, T0, 100)
        .instance(INSTANCE).build());

    // {10.0.1.5, 198.51.100.7} and {203.0.113.9, 10.0.1.5} share only 10.0.1.5
    assertThat(discovery.addresses()).containsExactly("10.0.1.5");
  }

  @Test
  void discovery_noDirectionTwoPrivatePeers_takesNeither() {
    ScopeDiscovery discovery = new ScopeDiscovery(INSTANCE);

    discovery.accept(Flow.of("10.0.1.5", 40000, "10.0.2.7", 5432, T0, 100)
        .instance(INSTANCE).build());

    assertThat(discovery.interfaceIds()).containsExactly(ENI);
    assertThat(discovery.addresses()).isEmpty();
  }
}
