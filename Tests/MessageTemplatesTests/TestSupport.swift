import MessageTemplates

extension TemplateSchema {
    /// A schema of four names (`fn`, `ln`, `phone`, `pin`, PhoneMatch's, whose own schema is
    /// OTPProviders' `TemplateSchema.phoneMatch`).
    static let fourSlots: TemplateSchema = {
        do {
            return try TemplateSchema(["fn", "ln", "phone", "pin"])
        } catch {
            preconditionFailure("\(error)")
        }
    }()
}

/// A small seeded generator (SplitMix64) so property tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension RandomNumberGenerator {
    mutating func pick<T>(_ items: [T]) -> T {
        items[Int.random(in: 0..<items.count, using: &self)]
    }
}

/// Building blocks for random text: every dialect's delimiters, name characters, spaces and
/// multi-byte scalars (2, 3 and 4 UTF-8 bytes).
let randomTextPieces: [String] = [
    "{", "}", "<", ">", "$", "{", "}", "$", "a", "Z", "_", "7", " ", "\n", "ł", "ж", "验", "😀", "€", "é", "`",
]

let nameStarts = Array("abcxyzABCXYZ_")
let nameRest = Array("abcxyzABCXYZ_0189")

func randomName<G: RandomNumberGenerator>(_ rng: inout G) -> String {
    var name = String(rng.pick(nameStarts))
    for _ in 0..<Int.random(in: 0...5, using: &rng) { name.append(rng.pick(nameRest)) }
    return name
}

func randomText<G: RandomNumberGenerator>(_ rng: inout G, maxPieces: Int) -> String {
    var text = ""
    for _ in 0..<Int.random(in: 0...maxPieces, using: &rng) { text += rng.pick(randomTextPieces) }
    return text
}

/// Random normalized segments with delimiter-heavy literal text.
func randomSegments<G: RandomNumberGenerator>(_ rng: inout G) -> [TemplateSegment] {
    var segments: [TemplateSegment] = []
    for _ in 0..<Int.random(in: 0...6, using: &rng) {
        if Bool.random(using: &rng) {
            segments.append(.literal(randomText(&rng, maxPieces: 8)))
        } else {
            segments.append(.placeholder(randomName(&rng)))
        }
    }
    return segments.normalized()
}

/// What rendering `segments` with `values` must produce: the plain concatenation.
func expectedRendering(_ segments: [TemplateSegment], _ values: [String: String]) -> String {
    segments.map { segment in
        switch segment {
        case .literal(let text): text
        case .placeholder(let name): values[name] ?? "<missing>"
        }
    }.joined()
}

/// A plain reference for SMS counting, written from the rules without any fast path.
func referenceAnalysis(_ text: String) -> (encoding: SMSEncoding, units: Int, segments: Int) {
    let scalars = Array(text.unicodeScalars)
    let gsm = scalars.allSatisfy { GSM7Alphabet.septets(for: $0) != nil }
    let encoding: SMSEncoding = gsm ? .gsm7 : .ucs2
    let costs = scalars.map { scalar in
        gsm ? (GSM7Alphabet.septets(for: scalar) ?? 0) : (scalar.value > 0xFFFF ? 2 : 1)
    }
    let units = costs.reduce(0, +)
    if units <= encoding.singleSegmentUnits { return (encoding, units, 1) }
    var segments = 1
    var fill = 0
    for cost in costs {
        if fill + cost > encoding.multipartSegmentUnits {
            segments += 1
            fill = cost
        } else {
            fill += cost
        }
    }
    return (encoding, units, segments)
}
