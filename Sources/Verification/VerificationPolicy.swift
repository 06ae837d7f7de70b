/// What the operator decides: code lengths, lifetimes, attempt limits, throttles.
public struct VerificationPolicy: Sendable, Hashable {
    /// PhoneMatch5.0.SMS and .Call.
    public var phoneMatch: PhoneMatchProfile
    /// iDenfy.
    public var idenfy: IdenfyProfile
    /// Throttles and the anti-pumping guard.
    public var throttles: ThrottlePolicy
    /// How long an idempotency key returns the verification it first created (default 24 hours).
    public var idempotencyWindow: Duration
    /// How long a finished verification is kept before ``VerificationEngine/purge()`` removes it
    /// (default 24 hours; PhoneMatch's status URL answers until then).
    public var retention: Duration

    /// The documented defaults.
    public init(
        phoneMatch: PhoneMatchProfile = PhoneMatchProfile(), idenfy: IdenfyProfile = IdenfyProfile(),
        throttles: ThrottlePolicy = ThrottlePolicy(), idempotencyWindow: Duration = .seconds(86_400),
        retention: Duration = .seconds(86_400)
    ) {
        self.phoneMatch = phoneMatch
        self.idenfy = idenfy
        self.throttles = throttles
        self.idempotencyWindow = idempotencyWindow
        self.retention = retention
    }
}

/// The choices the PhoneMatch documents leave open (docs/VERIFICATION.md).
public struct PhoneMatchProfile: Sendable, Hashable {
    /// Digits in a code, 4–10 (default 6).
    public var codeDigits: Int
    /// How long a code is accepted (default 10 minutes).
    public var lifetime: Duration
    /// Continues allowed per token (default 1: the first continue is final, as its `final` block says).
    public var maxAttempts: Int
    /// The region a national `target.phone` is read in (default `US`, the documents' sample).
    public var defaultRegion: String
    /// The SMS text when the request has no `options.outofband.message`.
    public var defaultMessage: String

    /// The documented defaults.
    public init(
        codeDigits: Int = 6, lifetime: Duration = .seconds(600), maxAttempts: Int = 1,
        defaultRegion: String = "US", defaultMessage: String = "Your one-time password is {pin}"
    ) {
        self.codeDigits = min(10, max(4, codeDigits))
        self.lifetime = lifetime
        self.maxAttempts = max(1, maxAttempts)
        self.defaultRegion = defaultRegion
        self.defaultMessage = defaultMessage
    }
}

/// The iDenfy ladder (document 003): SMS, a call with the same code at 2:00 (valid until 5:00), a
/// call with a new code at 5:00 (valid until 10:00).
public struct IdenfyProfile: Sendable, Hashable {
    /// Digits in a code (4: `received_code` has length 4).
    public let codeDigits = 4
    /// Wrong entries allowed over the whole request (default 5).
    public var maxAttempts: Int
    /// When the call with the same code is made (default 2 minutes).
    public var sameCodeCallAfter: Duration
    /// How long the first code is accepted (default 5 minutes: "Valid for 5 minutes").
    public var firstCodeLifetime: Duration
    /// How long the second code is accepted after its call (default 5 minutes).
    public var secondCodeLifetime: Duration

    /// The document's defaults.
    public init(
        maxAttempts: Int = 5, sameCodeCallAfter: Duration = .seconds(120),
        firstCodeLifetime: Duration = .seconds(300), secondCodeLifetime: Duration = .seconds(300)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.sameCodeCallAfter = sameCodeCallAfter
        self.firstCodeLifetime = firstCodeLifetime
        self.secondCodeLifetime = secondCodeLifetime
    }
}

/// Which throttle spoke.
public enum ThrottleRule: String, Sendable, Hashable, CaseIterable {
    /// Sends to one number (default 5 per 10 minutes).
    case perNumber = "per_number"
    /// Time between two sends to one number.
    case resendCooldown = "resend_cooldown"
    /// Requests per account (credential).
    case perAccount = "per_account"
    /// Requests per client address.
    case perClientAddress = "per_client_address"
    /// Sends to one country.
    case countryVelocity = "country_velocity"
    /// Sends to one number prefix.
    case prefixVelocity = "prefix_velocity"
    /// A premium-rate number.
    case premiumRate = "premium_rate"
    /// An SMS to a number that is not mobile.
    case nonMobile = "non_mobile"
}

/// Throttles. Only the per-number limit is on by default: a gateway is often the only client, so
/// account and address limits are the operator's to set.
public struct ThrottlePolicy: Sendable, Hashable {
    /// Sends per number (default 5 per 10 minutes).
    public var perNumber: RateLimit?
    /// Least time between two sends to one number (default none).
    public var resendCooldown: Duration?
    /// Requests per account (default none).
    public var perAccount: RateLimit?
    /// Requests per client address (default none).
    public var perClientAddress: RateLimit?
    /// The anti-pumping guard (default off).
    public var pumping: PumpingGuard

    /// The documented defaults.
    public init(
        perNumber: RateLimit? = RateLimit(count: 5, per: .seconds(600)), resendCooldown: Duration? = nil,
        perAccount: RateLimit? = nil, perClientAddress: RateLimit? = nil,
        pumping: PumpingGuard = PumpingGuard()
    ) {
        self.perNumber = perNumber
        self.resendCooldown = resendCooldown
        self.perAccount = perAccount
        self.perClientAddress = perClientAddress
        self.pumping = pumping
    }
}

/// Against SMS pumping (traffic to numbers whose operator shares the fee): velocity per country
/// and per number prefix, and refusal of premium-rate or non-mobile numbers.
public struct PumpingGuard: Sendable, Hashable {
    /// Sends per country (by region code).
    public var perCountry: RateLimit?
    /// Sends per E.164 prefix of `prefixDigits` digits after `+` (default 6 when a limit is set).
    public var perPrefix: RateLimit?
    /// The prefix length for ``perPrefix``.
    public var prefixDigits: Int
    /// Refuse premium-rate numbers.
    public var refusePremiumRate: Bool
    /// Refuse SMS to numbers the plan says are not mobile (fixed-line-or-mobile counts as mobile).
    public var refuseNonMobileSMS: Bool
    /// Only record what would have been refused (``VerificationEvent/Kind/throttled(_:enforced:)``
    /// with `enforced: false`), refuse nothing.
    public var logOnly: Bool

    /// The guard, off unless set.
    public init(
        perCountry: RateLimit? = nil, perPrefix: RateLimit? = nil, prefixDigits: Int = 6,
        refusePremiumRate: Bool = false, refuseNonMobileSMS: Bool = false, logOnly: Bool = false
    ) {
        self.perCountry = perCountry
        self.perPrefix = perPrefix
        self.prefixDigits = max(1, prefixDigits)
        self.refusePremiumRate = refusePremiumRate
        self.refuseNonMobileSMS = refuseNonMobileSMS
        self.logOnly = logOnly
    }
}
