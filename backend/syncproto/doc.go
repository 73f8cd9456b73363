// Package syncproto is the wire protocol between Credence devices and
// credence-server: versioned JSON messages, error codes, the messages devices
// sign, pairing codes, and the sealing helpers that keep every change and
// blob opaque to the server.
//
// The server only ever sees Envelope.Sealed and sealed blobs: the
// plaintext, and the key, stay on devices. The package is a leaf (stdlib and
// golang.org/x/crypto only) so both the app and the server can import it.
package syncproto
