package io.headway.gateway.delivery;

import io.headway.events.Alert;
import io.headway.events.kafka.WireType;
import io.headway.gateway.config.GatewayConfig;
import io.headway.gateway.store.LeasedDelivery;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Emails an alert through the configured SMTP server ({@code quarkus.mailer.*}), within the attempt timeout. */
@ApplicationScoped
public class EmailSender {

    private final ReactiveMailer mailer;
    private final String dashboardUrl;
    private final Duration timeout;

    public EmailSender(ReactiveMailer mailer, GatewayConfig config) {
        this.mailer = mailer;
        this.dashboardUrl = config.alerts().dashboardUrl();
        this.timeout = config.alerts().delivery().timeout();
    }

    public Uni<Void> send(LeasedDelivery delivery) {
        Alert alert = WireType.ALERTS.codec().decode(delivery.payload().getBytes(StandardCharsets.UTF_8));
        AlertEmailMessage message = AlertEmailMessage.of(alert, dashboardUrl);
        return mailer.send(Mail.withText(delivery.target(), message.subject(), message.body()))
                .ifNoItem().after(timeout).fail();
    }
}
