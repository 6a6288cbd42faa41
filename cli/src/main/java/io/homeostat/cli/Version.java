package io.homeostat.cli;

import picocli.CommandLine;

/** {@code --version}: the jar's implementation version, if packaged. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Homeostat.class.getPackage().getImplementationVersion();
        return new String[] {"homeostat " + (v == null ? "0.1.0-SNAPSHOT" : v) + ", Java " + System.getProperty("java.version")};
    }
}
