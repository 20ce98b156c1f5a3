// A throw-away PKI for TLS tests, made with the openssl command line: a CA and a server
// certificate it signed for the given DNS names (subjectAltName, as RFC 5922 §7.1 wants for SIP).
import { execFileSync } from "node:child_process";
import path from "node:path";

export interface TestCertificate {
  caCert: string;
  cert: string;
  key: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync("openssl", args, { cwd, stdio: "pipe" });
}

/** Files under `dir`/`name`-*.pem: a CA ("<name> Test CA") and a leaf for `dnsNames`. */
export function makeTestCertificate(dir: string, name: string, dnsNames: string[]): TestCertificate {
  const f = (suffix: string) => path.join(dir, `${name}-${suffix}.pem`);
  openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", `/CN=${name} Test CA`,
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    "-keyout", f("ca-key"), "-out", f("ca")], dir);
  openssl(["req", "-newkey", "rsa:2048", "-nodes", "-subj", `/CN=${dnsNames[0]}`, "-keyout", f("key"), "-out", f("csr")], dir);
  const ext = path.join(dir, `${name}-ext.cnf`);
  execFileSync("sh", ["-c", `printf 'subjectAltName=%s\\nextendedKeyUsage=serverAuth\\n' "$1" > "$2"`, "sh",
    dnsNames.map((n) => `DNS:${n}`).join(","), ext]);
  openssl(["x509", "-req", "-in", f("csr"), "-CA", f("ca"), "-CAkey", f("ca-key"), "-CAcreateserial", "-days", "2",
    "-extfile", ext, "-out", f("cert")], dir);
  return { caCert: f("ca"), cert: f("cert"), key: f("key") };
}
