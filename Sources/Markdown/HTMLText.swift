import Templates

/// Escaping for text and attribute values placed in generated HTML.
public enum HTMLText {
    /// Escapes `& < > " '` so the result is safe in element content and in quoted attributes
    /// (`HTMLEscape`, the templates' own escaping: one rule for every page).
    public static func escape(_ text: String) -> String {
        HTMLEscape.escaped(text)
    }
}
