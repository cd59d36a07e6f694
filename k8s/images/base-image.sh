#!/usr/bin/env bash
# Builds the services' base image from Debian packages alone: Debian bookworm (minbase) with the
# OpenJDK 17 JRE, a user 185 (jboss, home /home/jboss, what the manifests run as), written as an
# image tarball in `docker save` form. Jib reads it as `tar://FILE` (quarkus.jib.base-jvm-image),
# so building the images needs no registry and no Docker daemon. Needs root and debootstrap.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: k8s/images/base-image.sh [--out FILE] [--mirror URL] [--suite SUITE]

  --out FILE     image tarball to write [target/images/base-jre17.tar under the repository]
  --mirror URL   Debian mirror [$DEBIAN_MIRROR, else http://deb.debian.org/debian]
  --suite SUITE  Debian suite [bookworm]

The image: one layer (the root file system debootstrap made, apt caches, docs and man pages
removed), tagged replay-mesh/base-jre17:<suite>, PATH and JAVA_HOME set, user 185. Pin the
packages by pointing --mirror at a snapshot (http://snapshot.debian.org/archive/debian/<time>/).
USAGE
}

die() { printf 'base-image: %s\n' "$*" >&2; exit 1; }
say() { printf 'base-image: %s\n' "$*" >&2; }

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out="$repo/target/images/base-jre17.tar"
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=bookworm
while (($#)); do
  case $1 in
    --out) out=${2:?--out needs a file}; shift 2 ;;
    --mirror) mirror=${2:?--mirror needs a URL}; shift 2 ;;
    --suite) suite=${2:?--suite needs a suite}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done

[[ $(id -u) == 0 ]] || die "needs root (debootstrap installs packages into a folder as root)"
command -v debootstrap >/dev/null || die "needs debootstrap (apt-get install debootstrap)"

work=$(mktemp -d "${TMPDIR:-/tmp}/base-image.XXXXXX")
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"

say "debootstrap $suite from $mirror (minbase + openjdk-17-jre-headless)"
debootstrap --variant=minbase --include=openjdk-17-jre-headless "$suite" "$rootfs" "$mirror" \
  >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log" >&2; die "debootstrap failed"; }

java_home=$(dirname "$(dirname "$(readlink -f "$rootfs/usr/bin/java")")")
java_home=${java_home#"$rootfs"}
[[ -x $rootfs$java_home/bin/java ]] || die "no java in the root file system"

# The user the manifests run as (runAsUser 185), named as in the Quarkus ecosystem's images.
echo 'jboss:x:185:185:Quarkus application:/home/jboss:/usr/sbin/nologin' >>"$rootfs/etc/passwd"
echo 'jboss:x:185:' >>"$rootfs/etc/group"
echo 'jboss:*:20000:0:99999:7:::' >>"$rootfs/etc/shadow"
install -d -o 185 -g 185 -m 0755 "$rootfs/home/jboss"

# What a running service never reads; the runtime mounts /dev, /proc and /sys itself.
rm -rf "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/* \
  "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
  "$rootfs"/dev/* "$rootfs"/proc/* "$rootfs"/sys/* "$rootfs"/tmp/* "$rootfs"/run/*
chmod 1777 "$rootfs/tmp"

image="$work/image"
mkdir -p "$image"
created=$(date -u +%Y-%m-%dT%H:%M:%SZ)
tar --numeric-owner --sort=name -C "$rootfs" -cf "$work/layer.tar" .
diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
gzip -n -1 "$work/layer.tar"
mv "$work/layer.tar.gz" "$image/layer.tar.gz"

arch=$(dpkg --print-architecture)
java_version=$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$rootfs$java_home/release")
cat >"$image/config.json" <<JSON
{
  "architecture": "$arch",
  "os": "linux",
  "created": "$created",
  "config": {
    "Env": [
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      "JAVA_HOME=$java_home",
      "LANG=C.UTF-8"
    ],
    "User": "185",
    "WorkingDir": "/home/jboss",
    "Labels": {
      "org.opencontainers.image.description": "Debian $suite minbase with OpenJDK $java_version (JRE)",
      "org.opencontainers.image.base.name": "debian:$suite"
    }
  },
  "rootfs": { "type": "layers", "diff_ids": ["sha256:$diff_id"] },
  "history": [ { "created": "$created", "created_by": "debootstrap --variant=minbase --include=openjdk-17-jre-headless $suite" } ]
}
JSON
config_digest=$(sha256sum "$image/config.json" | cut -d' ' -f1)
mv "$image/config.json" "$image/$config_digest.json"
cat >"$image/manifest.json" <<JSON
[{"Config":"$config_digest.json","RepoTags":["replay-mesh/base-jre17:$suite"],"Layers":["layer.tar.gz"]}]
JSON

mkdir -p "$(dirname "$out")"
tar -C "$image" -cf "$out.part" manifest.json "$config_digest.json" layer.tar.gz && mv "$out.part" "$out"
say "wrote $out ($(du -h "$out" | cut -f1); Java $java_version, $arch)"
