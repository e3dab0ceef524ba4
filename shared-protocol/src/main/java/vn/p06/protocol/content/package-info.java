/**
 * The content contract between the fleet server and the kiosks: the signed release manifest, the
 * Ed25519 content key and the HTTP paths blobs and manifests are served under.
 * <p>
 * Flow: the server signs the manifest's exact JSON bytes; {@code DesiredState} names the release
 * and the SHA-256 of those bytes; the kiosk fetches manifest and signature over HTTP, checks both
 * against the key it pinned at enrollment, then fetches each blob it lacks by hash.
 */
package vn.p06.protocol.content;
