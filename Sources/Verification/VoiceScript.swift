/// The words a voice call says: the code digit by digit with pauses (commas), said twice, as in
/// `Your code is 4, 5, 6, 7. Again: 4, 5, 6, 7.`
public enum VoiceScript {
    /// The script for `code`.
    public static func render(code: String) -> String {
        var spoken = ""
        for (index, character) in code.enumerated() {
            if index > 0 { spoken += ", " }
            spoken.append(character)
        }
        return "Your code is \(spoken). Again: \(spoken)."
    }
}
