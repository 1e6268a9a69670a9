package org.distill4j.framework.run;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where a result came from: library and Java versions and the machine (Tribuo-style provenance). */
public final class Provenance {
    private Provenance() {
    }

    public static Map<String, Object> environment(int threads) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("distill4j", versionOf(Provenance.class, "0.1.0-SNAPSHOT"));
        env.put("dl4j", versionOf(org.deeplearning4j.nn.multilayer.MultiLayerNetwork.class, "1.0.0-M2.1"));
        env.put("nd4j", versionOf(org.nd4j.linalg.factory.Nd4j.class, "1.0.0-M2.1"));
        env.put("java", System.getProperty("java.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("nd4j_threads", threads);
        env.put("host", hostName());
        return env;
    }

    private static String versionOf(Class<?> type, String fallback) {
        String v = type.getPackage() == null ? null : type.getPackage().getImplementationVersion();
        return v != null ? v : fallback;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
