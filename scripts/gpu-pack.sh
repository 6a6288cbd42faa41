#!/usr/bin/env bash
# Packs what scripts/gpu-check.sh needs on a GPU machine that may have no Java, no Maven and no network:
#   .gpu-carry/jre.tgz   a jlinked Java runtime (~24 MB compressed)
#   .gpu-carry/lib/      the engine and engine-cuda jars with their test jars, JCuda + natives, slf4j
#   .gpu-carry/junit-platform-console-standalone-*.jar
# .gpu-carry/ is git-ignored; carry it with the working tree (the device tool's `carry`, or rsync).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl engine,engine-cuda -am package -DskipTests
rm -rf .gpu-carry && mkdir -p .gpu-carry/lib
cp engine/target/homeostat-engine-*.jar engine-cuda/target/homeostat-engine-cuda-*.jar .gpu-carry/lib/
mvn -B -q -pl engine-cuda dependency:copy-dependencies -DincludeScope=test -DoutputDirectory="$PWD/.gpu-carry/lib" \
  -DexcludeGroupIds=io.homeostat,org.junit.jupiter,org.junit.platform,org.opentest4j,org.apiguardian,net.jqwik
console=$(mvn -B -q help:evaluate -Dexpression=junit.console.version -DforceStdout | sed "s/\x1b\[[0-9;]*m//g")
mvn -B -q dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:"$console" \
  -DoutputDirectory="$PWD/.gpu-carry"
tmp=$(mktemp -d)
"${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"/bin/jlink \
  --add-modules java.base,java.logging,java.management,jdk.unsupported,jdk.incubator.vector,java.xml \
  --strip-debug --no-man-pages --no-header-files --compress=2 --output "$tmp/jre" 2>/dev/null
tar czf .gpu-carry/jre.tgz -C "$tmp" jre
rm -rf "$tmp"
du -sh .gpu-carry && ls .gpu-carry/lib
