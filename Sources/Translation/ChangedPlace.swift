import YAML

/// Where, inside a changed block, the change is — for a translator who must find it in a long
/// list, table or exercise. Needs the block's text before the change (from git).
enum ChangedPlace {
    /// How many lines into the block the first changed line is (0: the first line).
    static func firstChangedLine(old: String, new: String) -> Int {
        let before = old.split(separator: "\n", omittingEmptySubsequences: false)
        let after = new.split(separator: "\n", omittingEmptySubsequences: false)
        return zip(before, after).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(before.count, after.count)
    }

    /// The first field of an exercise that differs between two versions of its block (a fenced
    /// block whose body is YAML): `question`, `answers[2].correct` (items counted from 1, as the
    /// answers are numbered in messages); nil when it cannot be told.
    static func changedField(old: String, new: String) -> String? {
        guard let before = yaml(old), let after = yaml(new) else { return nil }
        return difference(before, after, path: "")
    }

    private static func yaml(_ fencedBlock: String) -> YAMLNode? {
        let lines = fencedBlock.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 2 else { return nil }
        return try? YAMLParser().parse(lines.dropFirst().dropLast().joined(separator: "\n"))
    }

    private static func difference(_ old: YAMLNode, _ new: YAMLNode, path: String) -> String? {
        switch (old, new) {
        case (.scalar(let a, _, _), .scalar(let b, _, _)):
            return a == b ? nil : path
        case (.sequence(let a, _), .sequence(let b, _)):
            for (index, (x, y)) in zip(a, b).enumerated() {
                if let found = difference(x, y, path: "\(path)[\(index + 1)]") { return found }
            }
            return a.count == b.count ? nil : path
        case (.mapping(let a, _), .mapping(let b, _)):
            let keys = (a.compactMap { $0.key.string } + b.compactMap { $0.key.string })
            var seen: Set<String> = []
            for key in keys where seen.insert(key).inserted {
                let x = a.first { $0.key.string == key }?.value, y = b.first { $0.key.string == key }?.value
                let field = path.isEmpty ? key : "\(path).\(key)"
                guard let x, let y else { return field }
                if let found = difference(x, y, path: field) { return found }
            }
            return nil
        default:
            return path.isEmpty ? nil : path
        }
    }
}
