package io.headway.executor.config;

import io.headway.templates.TemplateCatalog;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * The job templates this executor runs, loaded once: the only place the bundled templates' files are extracted (to a
 * fresh temporary folder, so they can run), and where the operator's folder is read. Nothing else loads templates, so
 * every part of the executor sees the same ones, and no class does disk I/O to build itself.
 */
public final class Templates {

    @Produces
    @Singleton
    TemplateCatalog templates(ExecutorConfig config) {
        try {
            return TemplateCatalog.load(Files.createTempDirectory("headway-templates-"), config.templatesDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a folder for the job templates' files", e);
        }
    }
}
