/**
 * Kiosk settings that travel: {@link vn.p06.protocol.config.RemoteConfig} is the part of a kiosk's
 * {@code kiosk.conf} the fleet server may change (an overlay in the desired state), checked with the
 * same Bean Validation rules on the server (before it stores the overlay) and on the kiosk (before it
 * applies one, which may have been published around the server). {@link vn.p06.protocol.config.Settings}
 * names every problem by its file key, {@code section.key: message}, for both the kiosk's own file and
 * an overlay.
 */
package vn.p06.protocol.config;
