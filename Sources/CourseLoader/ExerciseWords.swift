import YAML

/// Words to translate in an exercise block: its text fields, not its ids, patterns, code or
/// checks' JavaScript.
enum ExerciseWords {
    static let untranslatedKeys: Set<String> = ["id", "pattern", "html", "css", "js", "test", "correct"]

    /// The words of an exercise's YAML, as `ExerciseReader` parsed it.
    static func count(_ node: YAMLNode) -> Int {
        switch node {
        case .scalar(let text, _, _):
            return WordCounter.count(text)
        case .sequence(let items, _):
            return items.reduce(0) { $0 + count($1) }
        case .mapping(let pairs, _):
            return pairs.reduce(0) { total, pair in
                untranslatedKeys.contains(pair.key.string ?? "") ? total : total + count(pair.value)
            }
        }
    }
}
