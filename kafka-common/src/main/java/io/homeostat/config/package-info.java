/**
 * Configuration declared once: {@link io.homeostat.config.CommonConfig} (keys every component
 * shares, on Kafka's {@code ConfigDef}), {@link io.homeostat.config.ConfigLoader} (file +
 * {@code key=value} overrides, unknown keys refused) and {@link io.homeostat.config.ConfigDocs}
 * (the README tables, generated).
 *
 * <pre>
 *   file.properties ─┐
 *   key=value ...  ──┴► ConfigLoader.load(def) ─► new XxxConfig(map) ─► producerProps / consumerProps /
 *                                                                       adminProps / streamsProps / serdeProps
 * </pre>
 */
package io.homeostat.config;
