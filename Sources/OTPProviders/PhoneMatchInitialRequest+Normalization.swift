public import PhoneNumbers

extension PhoneMatchInitialRequest {
    /// The request with users' input rewritten the way the provider reads it:
    ///
    /// - `target.phone`: parsed with `settings.defaultRegion` and, when it is a valid number,
    ///   written per `settings.phoneStyle` (by default NANP numbers as 10 national digits when the
    ///   default region is in NANP too, E.164 otherwise), so that the text names the number that
    ///   was parsed (ITU-T E.164); left as typed when it does not parse or is not a valid number,
    ///   for ``validate(_:plan:)`` to report.
    /// - `do_not_send_to_types`: ASCII-lowercased (`Mobile` becomes `mobile`).
    /// - `country.blacklist`/`whitelist`: read by `RegionCode`'s rule (ASCII spaces around removed,
    ///   either case, `UK` and `EL` read as `GB` and `GR`: ` gb` and `uk` become `GB`); an entry
    ///   that is not two letters is left as given, for ``validate(_:plan:)`` to report.
    ///
    /// `settings.defaultRegion` is read by the same rule.
    public func normalized(
        _ settings: PhoneMatchNormalization = PhoneMatchNormalization(), plan: NumberingPlan = .bundled
    ) -> Self {
        var copy = self
        // Only a valid number is rewritten: the national digits of an invalid one can keep a trunk
        // prefix (`+1 1…`) and read back as another number. National digits only where the
        // default region reads them back as the same number (its calling code is 1).
        if case .success(let number) = PhoneCheck.parse(
            target.phone, region: settings.defaultRegion, plan: plan), number.isValid
        {
            let readsBackNationally =
                number.countryCode == 1
                && PhoneCheck.region(settings.defaultRegion, plan: plan).flatMap {
                    plan.callingCode(forRegion: $0)
                } == 1
            let written: String
            switch settings.phoneStyle {
            case .nationalDigitsForNANP:
                written = readsBackNationally ? number.nationalSignificantNumber : number.e164
            case .e164:
                written = number.e164
            }
            if !written.isEmpty { copy.target.phone = written }
        }
        if var outOfBand = options?.outOfBand {
            outOfBand.doNotSendToTypes = outOfBand.doNotSendToTypes?.map {
                PhoneMatchLineType(rawValue: ASCIICase.lowercased($0.rawValue))
            }
            if var country = outOfBand.country {
                country.blacklist = country.blacklist?.map(ASCIICase.regionCode)
                country.whitelist = country.whitelist?.map(ASCIICase.regionCode)
                outOfBand.country = country
            }
            copy.options?.outOfBand = outOfBand
        }
        return copy
    }
}

/// ASCII-only case mapping (locale-independent).
enum ASCIICase {
    static func lowercased(_ text: String) -> String {
        String(decoding: text.utf8.map { $0 &- UInt8(ascii: "A") < 26 ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// A country list entry by `RegionCode`'s rule, or the entry as given when it is not two
    /// letters.
    static func regionCode(_ text: String) -> String {
        RegionCode.canonical(text) ?? text
    }
}
