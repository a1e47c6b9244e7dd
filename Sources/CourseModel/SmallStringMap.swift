/// Values by String key, for the few keys one page's heading anchors or one YAML mapping's
/// keys have: a list while there are few (hashing each key, French and Arabic ones normalised
/// first, cost more than comparing it with the others), a dictionary past `listLimit`. Keys
/// compare as Strings do (canonically equivalent text matches), as a dictionary's do.
public struct SmallStringMap<Value> {
    private var few: [(key: String, value: Value)] = []
    private var many: [String: Value]?
    private let listLimit: Int

    public init(listLimit: Int) {
        self.listLimit = listLimit
    }

    public subscript(key: String) -> Value? {
        if let many { return many[key] }
        return index(of: key).map { few[$0].value }
    }

    /// Adds `value` under `key` unless the key is there already; then the value it has.
    public mutating func insert(_ value: Value, for key: String) -> Value? {
        if many != nil {
            if let existing = many![key] { return existing }
            many![key] = value
            return nil
        }
        if let index = index(of: key) { return few[index].value }
        appendNew(key, value)
        return nil
    }

    public mutating func set(_ value: Value, for key: String) {
        if many != nil {
            many![key] = value
        } else if let index = index(of: key) {
            few[index].value = value
        } else {
            appendNew(key, value)
        }
    }

    /// Compared in place (`first(where:)` would copy each entry it passed).
    private func index(of key: String) -> Int? {
        for index in few.indices where few[index].key == key { return index }
        return nil
    }

    private mutating func appendNew(_ key: String, _ value: Value) {
        guard few.count >= listLimit else {
            few.append((key, value))
            return
        }
        var table = Dictionary(few, uniquingKeysWith: { first, _ in first })
        table[key] = value
        many = table
        few = []
    }
}
