package io.camelarena.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The host names the server is meant to be reached by, checked against each request's {@code Host} header (DNS
 * rebinding: a page on a name its owner re-resolves to 127.0.0.1 sends its own name as Host). Allowed: localhost, the
 * loopback addresses, {@code camel.server.host} (when bound to every interface, 0.0.0.0 or ::, every IP address: an
 * address cannot be re-resolved) and the names of {@code arena.api.allowed-hosts}. The port is not compared: a reverse
 * proxy may forward its own.
 */
final class AllowedHosts {

    private static final Pattern NAME = Pattern.compile(
            "[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+]");

    private final Set<String> names = new HashSet<>();
    private final InetAddress bindAddress;

    AllowedHosts(String bindHost, List<String> configured) {
        names.add("localhost");
        InetAddress bind = null;
        String bound = bindHost == null ? "" : bindHost.trim().toLowerCase(Locale.ROOT);
        if (!bound.isEmpty()) {
            bind = address(bound.contains(":") && !bound.startsWith("[") ? "[" + bound + "]" : bound);
            if (bind == null) {
                names.add(name(bound));
            }
        }
        bindAddress = bind;
        for (String entry : configured) {
            String host = HostPort.parse(entry) == null ? null : HostPort.parse(entry).host();
            if (host == null) {
                throw new IllegalStateException("arena.api.allowed-hosts: '" + entry + "' is not a host name");
            }
            names.add(host);
        }
    }

    /** Whether a request with this {@code Host} header value is answered. */
    boolean allows(String hostHeader) {
        HostPort hp = HostPort.parse(hostHeader);
        if (hp == null) {
            return false;
        }
        if (names.contains(hp.host())) {
            return true;
        }
        InetAddress address = address(hp.host());
        return address != null && (address.isLoopbackAddress() || address.equals(bindAddress)
                || (bindAddress != null && bindAddress.isAnyLocalAddress()));
    }

    private static String name(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    /** The address of an IP literal (IPv6 in brackets); null for a name. Never asks DNS. */
    static InetAddress address(String host) {
        try {
            if (IPV4.matcher(host).matches()) {
                String[] parts = host.split("\\.");
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(parts[i]);
                    if (octet > 255) {
                        return null;
                    }
                    bytes[i] = (byte) octet;
                }
                return InetAddress.getByAddress(bytes);
            }
            // A bracketed literal is parsed, never looked up (InetAddress.getByName fails on a malformed one).
            return IPV6.matcher(host).matches() ? InetAddress.getByName(host) : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** A Host header (or an origin's authority) split into its lower-case host and its port (-1 when absent). */
    record HostPort(String host, int port) {

        static HostPort parse(String value) {
            if (value == null) {
                return null;
            }
            String v = value.trim().toLowerCase(Locale.ROOT);
            String host;
            String rest;
            if (v.startsWith("[")) {
                int end = v.indexOf(']');
                if (end < 0) {
                    return null;
                }
                host = v.substring(0, end + 1);
                rest = v.substring(end + 1);
                if (!IPV6.matcher(host).matches()) {
                    return null;
                }
            } else {
                int colon = v.indexOf(':');
                host = colon < 0 ? v : v.substring(0, colon);
                rest = colon < 0 ? "" : v.substring(colon);
                host = name(host);
                if (!NAME.matcher(host).matches()) {
                    return null;
                }
            }
            if (rest.isEmpty()) {
                return new HostPort(host, -1);
            }
            if (!rest.matches(":\\d{1,5}") || Integer.parseInt(rest.substring(1)) > 65535) {
                return null;
            }
            return new HostPort(host, Integer.parseInt(rest.substring(1)));
        }
    }
}
