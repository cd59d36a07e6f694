#!/usr/bin/env bash
# Runs COMMAND in ROOTFS the way the manifests' Pods run the image: root file system read-only,
# an empty writable /tmp (the emptyDir), /proc and /dev as a runtime provides them, user and
# group 185, in the image's working directory. Called inside `unshare --mount --pid --fork`, so
# the mounts vanish with the process and COMMAND is PID 1 (SIGTERM reaches it as a kubelet's would).
# usage: pod-sandbox.sh ROOTFS WORKDIR USER COMMAND...
set -euo pipefail
rootfs=$1 workdir=$2 user=$3
shift 3
mount --make-rprivate /
mount --bind "$rootfs" "$rootfs"
mount -o remount,bind,ro "$rootfs"
mount -t proc proc "$rootfs/proc"
mount --rbind /dev "$rootfs/dev"
mount -t tmpfs -o mode=1777,size=256m tmpfs "$rootfs/tmp"
exec chroot --userspec="$user:$user" "$rootfs" /bin/sh -c 'cd "$0" && exec "$@"' "$workdir" "$@"
