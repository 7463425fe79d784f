package io.leadline.outbound.send;

import io.leadline.contracts.Channel;

/** What a send goes through: the Cloud API, or the gateway instance the customer wrote through. */
record Route(Channel channel, String gatewayInstance) {

    static final Route CLOUD_API = new Route(Channel.META_CLOUD, null);

    /**
     * Back through the gateway the customer wrote through (one that names no instance fails at the send, with the
     * reason); every other channel is answered by the Cloud API.
     */
    static Route of(Channel channel, String gatewayInstance) {
        return channel == Channel.GATEWAY ? new Route(Channel.GATEWAY, gatewayInstance) : CLOUD_API;
    }

    /** Whether an agent's later message can take this way: a gateway route must name its instance. */
    boolean known() {
        return channel != Channel.GATEWAY || gatewayInstance != null;
    }
}
