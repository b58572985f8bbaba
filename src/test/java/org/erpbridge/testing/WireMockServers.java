package org.erpbridge.testing;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * One WireMock server on a dynamic port for the whole test JVM. It plays secuconnect for every test merchant
 * (merchant acme at the root, bravo under /bravo) and the ERP's callback endpoint (/erp/...).
 * Tests reset it in @BeforeEach.
 */
public class WireMockServers implements QuarkusTestResourceLifecycleManager {
    private static WireMockServer server;

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            server = new WireMockServer(
                    wireMockConfig().dynamicPort().containerThreads(40).jettyAcceptors(2));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        }
        return Map.of("test.wiremock-url", server.baseUrl());
    }

    @Override
    public void stop() {
        // kept for the whole JVM; Quarkus restarts between test profiles reuse it
    }

    public static WireMockServer server() {
        return server;
    }
}
