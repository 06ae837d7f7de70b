import Crypto

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

    /// HMAC-SHA256 keyed once with a random key made at start-up; each digest copies it.
    private let hmac: HMAC<SHA256>
    private let phoneMatch: [String: Entry]
    private let idenfy: [String: Entry]
    private let dummy: [UInt8]

    /// Hashes the configured credentials; the plain secrets are not kept.
    public init(phoneMatch: [Credential], idenfy: [Credential], defaultCompany: String) {
        let hmac = HMAC<SHA256>(key: SymmetricKey(size: .bits256))
        func entries(_ list: [Credential]) -> [String: Entry] {
            var table: [String: Entry] = [:]
            for credential in list {
                table[credential.name] = Entry(
                    digest: Self.digest(credential.secret, hmac),
                    company: credential.company ?? defaultCompany
                )
            }
            return table
        }
        self.hmac = hmac
        self.phoneMatch = entries(phoneMatch)
        self.idenfy = entries(idenfy)
        self.dummy = Self.digest("", hmac)
    }

    private static func digest(_ secret: String, _ hmac: HMAC<SHA256>) -> [UInt8] {
        var hmac = hmac
        hmac.update(data: Array(secret.utf8))
        return Array(hmac.finalize())
    }

    private func check(_ table: [String: Entry], name: String, secret: String) -> Entry? {
        let entry = table[name]
        var hmac = hmac
        hmac.update(data: Array(secret.utf8))
        // `HashedAuthenticationCode == bytes` is swift-crypto's constant-time comparison.
        let valid = hmac.finalize() == (entry?.digest ?? dummy)
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
        guard let authorization, let credentials = BasicCredentials(header: authorization) else { return nil }
        return check(idenfy, name: credentials.user, secret: credentials.password) == nil
            ? nil : credentials.user
    }
}
