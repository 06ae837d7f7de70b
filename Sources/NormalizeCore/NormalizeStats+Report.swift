import PhoneNumbers

extension NormalizeStats {
    /// The summary `--stats` prints: rows, valid, invalid and malformed rows by reason, and the
    /// regions and types of the valid numbers, most frequent first (ties by name).
    package func report(topRegions: Int = 10) -> String {
        var lines: [String] = []
        let width = max(String(rows).count, 1)
        func line(_ label: String, _ value: Int, indent: Int = 0) {
            let pad = String(repeating: " ", count: max(0, 26 - indent - label.count))
            let number = String(value)
            let numberPad = String(repeating: " ", count: max(0, width - number.count))
            lines.append(String(repeating: " ", count: indent) + label + pad + numberPad + number)
        }
        line("rows", rows)
        line("valid", valid)
        line("invalid", invalid)
        for reason in RowReason.allCases where !reason.isMalformed && reasons[Int(reason.rawValue)] > 0 {
            line(reason.identifier.description, reasons[Int(reason.rawValue)], indent: 2)
        }
        line("malformed", malformed)
        for reason in RowReason.allCases where reason.isMalformed && reasons[Int(reason.rawValue)] > 0 {
            line(reason.identifier.description, reasons[Int(reason.rawValue)], indent: 2)
        }
        let regionRanking = regions.indices.filter { regions[$0] > 0 }
            .map { (name: RegionTable.name(ofSlot: $0), count: regions[$0]) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
        lines.append("top regions")
        for entry in regionRanking.prefix(topRegions) { line(entry.name, entry.count, indent: 2) }
        let typeRanking = PhoneNumberType.allCases.filter { types[Int($0.rawValue)] > 0 }
            .map { (name: $0.identifier, count: types[Int($0.rawValue)]) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
        lines.append("types")
        for entry in typeRanking { line(entry.name, entry.count, indent: 2) }
        return lines.joined(separator: "\n") + "\n"
    }
}
