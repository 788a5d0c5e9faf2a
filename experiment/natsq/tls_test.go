package natsq

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeCert writes a certificate for 127.0.0.1 signed by ca (self-signed
// when ca is nil) and its key; it returns the certificate, the key and the
// paths.
func writeCert(t *testing.T, dir, name string, isCA bool, ca *x509.Certificate, caKey *ecdsa.PrivateKey) (*x509.Certificate, *ecdsa.PrivateKey, string, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: name},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		IsCA:         isCA, BasicConstraintsValid: true,
	}
	parent, signer := tmpl, key
	if ca != nil {
		parent, signer = ca, caKey
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, signer)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	kb, _ := x509.MarshalECPrivateKey(key)
	cp, kp := filepath.Join(dir, name+".pem"), filepath.Join(dir, name+"-key.pem")
	os.WriteFile(cp, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(kp, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	return cert, key, cp, kp
}

// TLS options pass through: a server with a certificate serves tls://; a
// client that trusts its CA connects, one that does not is refused; with
// --tls-ca on the server, a client needs a certificate from that CA.
func TestTLS(t *testing.T) {
	dir := t.TempDir()
	ca, caKey, caPath, _ := writeCert(t, dir, "ca", true, nil, nil)
	_, _, srvCert, srvKey := writeCert(t, dir, "server", false, ca, caKey)
	_, _, cliCert, cliKey := writeCert(t, dir, "client", false, ca, caKey)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	srv, err := StartServer(ServerOptions{Listen: "127.0.0.1:0", StoreDir: t.TempDir(), TLSCert: srvCert, TLSKey: srvKey})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	if !strings.HasPrefix(srv.URL, "tls://") {
		t.Errorf("URL %s", srv.URL)
	}
	c, err := Connect(ctx, ConnOptions{URL: srv.ClientURL(), TLSCA: caPath})
	if err != nil {
		t.Fatalf("client trusting the CA: %v", err)
	}
	c.Close()
	if _, err := Connect(ctx, ConnOptions{URL: srv.ClientURL()}); err == nil {
		t.Error("a client that does not trust the server's CA connected")
	}

	mtls, err := StartServer(ServerOptions{Listen: "127.0.0.1:0", StoreDir: t.TempDir(), TLSCert: srvCert, TLSKey: srvKey, TLSCA: caPath})
	if err != nil {
		t.Fatal(err)
	}
	defer mtls.Shutdown()
	if _, err := Connect(ctx, ConnOptions{URL: mtls.ClientURL(), TLSCA: caPath}); err == nil {
		t.Error("a client without a certificate connected to a server that verifies clients")
	}
	c, err = Connect(ctx, ConnOptions{URL: mtls.ClientURL(), TLSCA: caPath, TLSCert: cliCert, TLSKey: cliKey})
	if err != nil {
		t.Fatalf("client with a certificate: %v", err)
	}
	c.Close()
	// The sweep's own clients connect in process, without TLS.
	c, err = Connect(ctx, ConnOptions{InProcess: mtls})
	if err != nil {
		t.Fatalf("in-process client: %v", err)
	}
	c.Close()
}
