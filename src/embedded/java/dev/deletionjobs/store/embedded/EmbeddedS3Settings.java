package dev.deletionjobs.store.embedded;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The embedded S3 endpoint's settings, beside {@code PersonalizeConfig.S3} under the same prefix: declared here so a
 * build without the embedded store (native) neither knows nor accepts them. {@link EmbeddedStoreConfigSourceFactory}
 * reads them before mappings exist; this mapping makes them known keys with checked types and defaults.
 */
@ConfigMapping(prefix = "personalize.s3")
public interface EmbeddedS3Settings {

    /** With the embedded store and no personalize.s3.endpoint, serve s3:// sources from an in-process endpoint. */
    @WithDefault("true")
    boolean embedded();

    /** Its port on 127.0.0.1; 0 for any free port. */
    @WithDefault(EmbeddedStoreConfigSourceFactory.S3_PORT_DEFAULT)
    int embeddedPort();
}
