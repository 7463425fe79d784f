package io.leadline.outbound.send;

import io.leadline.outbound.OutboundProperties;
import io.leadline.platform.PlatformProperties;
import io.leadline.platform.trace.Traces;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends what the outbound log holds: claims due rows (SENDING, committed), calls WhatsApp, records the outcome.
 * Woken by each committed intent, with a poll as the safety net.
 */
@Component
class Dispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final OutboundLog outboundLog;
    private final WhatsAppClient whatsApp;
    private final DispatchSignal signal;
    private final OutboundProperties.Dispatcher settings;
    private final PlatformProperties platform;
    private volatile boolean running;
    private Thread worker;

    Dispatcher(OutboundLog outboundLog, WhatsAppClient whatsApp, DispatchSignal signal, OutboundProperties properties,
            PlatformProperties platform) {
        this.outboundLog = outboundLog;
        this.whatsApp = whatsApp;
        this.signal = signal;
        this.settings = properties.dispatcher();
        this.platform = platform;
    }

    private void run() {
        while (running) {
            try {
                signal.await(settings.pollInterval());
                List<ClaimedSend> batch;
                do {
                    batch = outboundLog.claimDue(settings.batchSize());
                    batch.forEach(this::send);
                } while (running && batch.size() == settings.batchSize());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Dispatcher round failed: {}", e.toString());
            }
        }
    }

    private void send(ClaimedSend send) {
        try (var trace = Traces.continueOrStart(send.traceparent())) {
            String phoneNumberId = platform.business(send.businessId())
                    .map(PlatformProperties.Business::metaPhoneNumberId)
                    .orElse(null);
            String to = send.recipient().address();
            if (phoneNumberId == null || to == null) {
                outboundLog.markFailed(send, phoneNumberId == null ? "NO_PHONE_NUMBER_ID" : "NO_RECIPIENT", null);
                return;
            }
            try {
                // The message's time in its thread: nothing the customer answers can come before the request left.
                Instant requestedAt = Instant.now();
                String wamid = whatsApp.sendText(phoneNumberId, to, send.text(), Long.toString(send.id()));
                outboundLog.markSent(send, wamid, requestedAt);
            } catch (WhatsAppSendException refused) {
                log.warn("Send {} failed: {}", send.id(), refused.getMessage());
                outboundLog.markFailed(send, refused.getMessage(), refused.errorCode());
            }
        }
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofPlatform().name("outbound-dispatcher").daemon().start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        if (worker != null) {
            worker.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
