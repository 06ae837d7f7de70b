import Crypto
import Foundation

/// The accounts the server accepts: PhoneMatch users (`user`/`pass` in the body) and iDenfy API
/// keys (HTTP Basic). Secrets are kept only as HMAC-SHA256 digests under a key made at start-up,
/// and a presented secret is checked by comparing digests in constant time; an unknown name is
/// checked against a dummy digest, so the time taken does not tell whether a name exists.
public struct Accounts: Sendable {
    /// One account as configured (plain text, as read from the environment or a file).
    public struct Credential: Sendable, Hashable, Codable {
        /// The PhoneMatch `user` or the iDenfy API key.
        public var name: String
        /// The PhoneMatch `pass` or the iDenfy API secret.
        public var secret: String
        /// The company name PhoneMatch answers carry in `meta.company`.
        public var company: String?

        /// Creates a credential.
        public init(name: String, secret: String, company: String? = nil) {
            self.name = name
            self.secret = secret
            self.company = company
        }
    }

    struct Entry: Sendable {
        let digest: [UInt8]
        let company: String
    }

    private let key: SymmetricKey
    private let phoneMatch: [String: Entry]
    private let idenfy: [String: Entry]
    private let dummy: [UInt8]

    /// Hashes the configured credentials; the plain secrets are not kept.
    public init(phoneMatch: [Credential], idenfy: [Credential], defaultCompany: String) {
        let key = SymmetricKey(size: .bits256)
        func entries(_ list: [Credential]) -> [String: Entry] {
            var table: [String: Entry] = [:]
            for credential in list {
                table[credential.name] = Entry(
                    digest: Self.digest(credential.secret, key), company: credential.company ?? defaultCompany
                )
            }
            return table
        }
        self.key = key
        self.phoneMatch = entries(phoneMatch)
        self.idenfy = entries(idenfy)
        self.dummy = Self.digest("", key)
    }

    private static func digest(_ secret: String, _ key: SymmetricKey) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array(secret.utf8), using: key))
    }

    private func check(_ table: [String: Entry], name: String, secret: String) -> Entry? {
        let entry = table[name]
        let valid = HMAC<SHA256>.isValidAuthenticationCode(
            entry?.digest ?? dummy, authenticating: Array(secret.utf8), using: key)
        return valid && entry != nil && !secret.isEmpty ? entry : nil
    }

    /// The company of a PhoneMatch account already authenticated (the one that started a
    /// verification); empty for an unknown user.
    func phoneMatchCompany(user: String) -> String {
        phoneMatch[user]?.company ?? ""
    }

    /// The company of the PhoneMatch account, when `user` and `pass` are right.
    func phoneMatchCompany(user: String, pass: String) -> String? {
        check(phoneMatch, name: user, secret: pass)?.company
    }

    /// The API key of an iDenfy account, when the `Authorization: Basic` value is right (RFC 7617).
    func idenfyAccount(authorization: String?) -> String? {
        guard let authorization, authorization.count < 4096 else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let data = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
            let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        let name = String(text[..<colon])
        let secret = String(text[text.index(after: colon)...])
        return check(idenfy, name: name, secret: secret) == nil ? nil : name
    }
}
