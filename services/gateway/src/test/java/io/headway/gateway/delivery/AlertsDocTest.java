package io.headway.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The receiver's verification docs/alerts.md shows is the code the delivery tests run, to the character. */
class AlertsDocTest {

    @Test
    void theDocsShowTheReceiverExampleAsCompiled() throws IOException {
        String source = Files.readString(Path.of("src/test/java/io/headway/gateway/delivery/ReceiverExample.java"));
        Matcher tagged = Pattern.compile("// tag::verify\\[]\\n(.*?)\\n\\s*// end::verify\\[]", Pattern.DOTALL)
                .matcher(source);
        assertThat(tagged.find()).as("a tagged snippet in ReceiverExample.java").isTrue();

        assertThat(Files.readString(Path.of("..", "..", "docs", "alerts.md"))).contains(tagged.group(1));
    }
}
