import Synchronization

/// What a template reads: the value of a name, typed once by the page model that gives it, so
/// that rendering never has to find out at run time what a value is (swift-mustache, which
/// coursekit used before, cast every value on the context stack to several protocols at every
/// lookup: a quarter of a clean build).
public enum TemplateValue: Sendable {
    /// Shown by `{{name}}` (escaped) and `{{{name}}}`; a section over it renders once with it
    /// as the context (`{{.}}`), even when it is empty.
    case text(String)
    /// The same as `text`, given as its UTF-8 bytes: HTML another template made (a page's
    /// body, inside the layout), shown without a String made of it first.
    case utf8([UInt8])
    /// A section renders when true, with the same context; `{{name}}` shows `true` or `false`.
    case bool(Bool)
    /// A section renders once per item; an empty list renders nothing.
    case list([TemplateValue])
    /// A value with names of its own: a section over it makes its names visible.
    case object(any TemplateObject)
    /// The name is this value's, but it has nothing (an optional field left out): nothing is
    /// shown, a section over it does not render, and the values around it are not asked — as
    /// mustache.js stops at a property that is there but null. Left to fall through, a lesson
    /// without exercises in the course outline showed the exercise ids of the page around it.
    case none

    /// Whether `{{#name}}` renders (and `{{^name}}` does not).
    var isTruthy: Bool {
        switch self {
        case .text, .utf8, .object: true
        case .bool(let value): value
        case .list(let items): !items.isEmpty
        case .none: false
        }
    }
}

/// A value with named children: a page model, an entry of a list, a table of strings.
/// `nil` means the name is not this value's, and Mustache then asks the enclosing context.
public protocol TemplateObject: Sendable {
    func value(named name: String) -> TemplateValue?
    /// Where a value that many pages show the same way keeps how each section rendered it
    /// (nil for most values: they are made for one page).
    var renderings: TemplateRenderings? { get }
}

extension TemplateObject {
    public var renderings: TemplateRenderings? { nil }
}

/// The HTML a section made of one shared value (a module of the course outline, the same on
/// every lesson page outside that module), by section. A section's rendering is kept only
/// when every name it showed was the value's own: one that came from the page around it (a
/// theme may show `{{t.next}}` inside) could differ on the next page.
public final class TemplateRenderings: Sendable {
    private let kept = Mutex<[Int: [UInt8]]>([:])

    public init() {}

    func rendering(ofSection id: Int) -> [UInt8]? {
        kept.withLock { $0[id] }
    }

    func keep(_ rendering: [UInt8], ofSection id: Int) {
        kept.withLock { $0[id] = rendering }
    }
}

/// A table of strings (`{{t.next}}`: the interface strings of one locale).
public struct TemplateStrings: TemplateObject {
    public let strings: [String: String]

    public init(_ strings: [String: String]) {
        self.strings = strings
    }

    public func value(named name: String) -> TemplateValue? {
        strings[name].map(TemplateValue.text)
    }
}

// Page models write `TemplateValue(title)` whatever the type: texts, flags, objects, lists of
// either, and optionals of each (nil: not this value's name).
extension TemplateValue {
    public init(_ text: String) {
        self = .text(text)
    }

    public init(_ value: Bool) {
        self = .bool(value)
    }

    public init(_ object: some TemplateObject) {
        self = .object(object)
    }

    /// nil is `.none`: the name is the model's, with nothing in it.
    public init(_ text: String?) {
        self = text.map(TemplateValue.text) ?? .none
    }

    public init(_ value: Bool?) {
        self = value.map(TemplateValue.bool) ?? .none
    }

    public init(_ object: (any TemplateObject)?) {
        self = object.map { TemplateValue.object($0) } ?? .none
    }

    public init(_ number: Int) {
        self = .text(String(number))
    }

    public init(_ objects: [some TemplateObject]) {
        self = .list(objects.map { .object($0) })
    }

    public init(_ texts: [String]) {
        self = .list(texts.map(TemplateValue.text))
    }

    public init(_ objects: [any TemplateObject]) {
        self = .list(objects.map { .object($0) })
    }

    public init(_ objects: [some TemplateObject]?) {
        self = objects.map { TemplateValue($0) } ?? .none
    }
}
