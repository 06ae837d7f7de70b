/// The initial request of Veratad PhoneMatch5.0.SMS and PhoneMatch5.0.Call: validate the number
/// and send a one-time code (`POST /process/comprehensive/gateway`).
///
/// JSON names are the documents' (`user`, `pass`, `service`, `reference`, `options`, `target`).
/// `pass` is a ``Secret``: it never shows in descriptions, dumps or errors.
public struct PhoneMatchInitialRequest: Sendable, Hashable, Codable {
    /// The path of the initial request on `https://production.idresponse.com`.
    public static let path = "/process/comprehensive/gateway"

    /// `user`: the account's API username (required).
    public var user: String
    /// `pass`: the account's API password (required; redacted everywhere but the JSON body).
    public var password: Secret
    /// `service`: `PhoneMatch5.0.SMS` or `PhoneMatch5.0.Call` (required).
    public var service: PhoneMatchService
    /// `reference`: a unique identifier for your customer (optional).
    public var reference: String?
    /// `options`: delivery options (optional).
    public var options: Options?
    /// `target`: the person being verified (required).
    public var target: Target

    /// Creates a request.
    public init(
        user: String, password: Secret, service: PhoneMatchService, reference: String? = nil,
        options: Options? = nil, target: Target
    ) {
        self.user = user
        self.password = password
        self.service = service
        self.reference = reference
        self.options = options
        self.target = target
    }

    enum CodingKeys: String, CodingKey {
        case user
        case password = "pass"
        case service, reference, options, target
    }

    /// `target`: the individual being sent for verification.
    public struct Target: Sendable, Hashable, Codable {
        /// `fn`: first name (required).
        public var firstName: String
        /// `ln`: last name (required; the table says "object", the sample body a string).
        public var lastName: String
        /// `phone`: the number to send the code to (required); the sample writes a US number as
        /// national digits, `2015106000`.
        public var phone: String

        /// Creates a target.
        public init(firstName: String, lastName: String, phone: String) {
            self.firstName = firstName
            self.lastName = lastName
            self.phone = phone
        }

        enum CodingKeys: String, CodingKey {
            case firstName = "fn"
            case lastName = "ln"
            case phone
        }
    }

    /// `options`: holds the out-of-band delivery options.
    public struct Options: Sendable, Hashable, Codable {
        /// `outofband`: how the code is delivered.
        public var outOfBand: OutOfBand?

        /// Creates options.
        public init(outOfBand: OutOfBand?) {
            self.outOfBand = outOfBand
        }

        enum CodingKeys: String, CodingKey {
            case outOfBand = "outofband"
        }
    }

    /// `options.outofband`: message, suppressed line types and country filters.
    public struct OutOfBand: Sendable, Hashable, Codable {
        /// `message` (SMS only): the text, with `{fn}`, `{ln}`, `{phone}` for target attributes and
        /// `{pin}` for the code, e.g. `Hello {fn}, your one-time password is {pin}`.
        public var message: String?
        /// `do_not_send_to_types`: line types the provider must not send to.
        public var doNotSendToTypes: [PhoneMatchLineType]?
        /// `country`: region filters.
        public var country: CountryFilter?

        /// Creates out-of-band options.
        public init(
            message: String? = nil, doNotSendToTypes: [PhoneMatchLineType]? = nil,
            country: CountryFilter? = nil
        ) {
            self.message = message
            self.doNotSendToTypes = doNotSendToTypes
            self.country = country
        }

        enum CodingKeys: String, CodingKey {
            case message
            case doNotSendToTypes = "do_not_send_to_types"
            case country
        }
    }

    /// `options.outofband.country`: ISO 3166-1 alpha-2 region codes to refuse or to allow only.
    public struct CountryFilter: Sendable, Hashable, Codable {
        /// `blacklist`: regions the provider must not send codes to.
        public var blacklist: [String]?
        /// `whitelist`: the only regions the provider may send codes to.
        public var whitelist: [String]?

        /// Creates a filter.
        public init(blacklist: [String]? = nil, whitelist: [String]? = nil) {
            self.blacklist = blacklist
            self.whitelist = whitelist
        }
    }
}
