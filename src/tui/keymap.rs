//! Keys → actions, one keymap per mode (the form, the editor, the heading, the phrase list, the
//! preview, the review screen, the start screen and each dialog), all of it data. The help
//! screen, the hint bars and the choices a dialog offers are built from these tables, so a key
//! named on screen is always a key that works there.
//!
//! Every key works in plain xterm, tmux, screen and over SSH: no Ctrl-Shift, no Ctrl-Enter, and
//! bare Esc only ever closes a dialog (over a slow link an arrow key can arrive as a lone Esc).
//! What an action does is `update`'s business, not this module's.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What the writer asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    NextStep,
    PrevStep,
    Save,
    Export,
    Quit,
    Undo,
    Redo,
    Help,
    FocusNext,
    FocusPrev,
    /// At 80 columns: show the preview instead of the phrases, or back.
    TogglePane,
    /// Select the next place to fill in this part.
    NextSlot,
    /// The part's whole guidance (写作提示), in a box.
    Guidance,
    /// The writing assistant on the paragraph at the caret (or the text selected in it).
    Assist,
    /// The assistant's pane: show the prompt sent (or to be sent), or hide it again.
    ShowPrompt,
    /// The assistant's pane: replace the text with the finished answer, as one undo step.
    Accept,
    /// Review: apply the suggested fix of the chosen finding.
    Fix,
    /// Review: apply every safe fix of the chosen finding's kind at once.
    FixAll,
    /// Review: mark the chosen finding 忽略, or no longer.
    Ignore,
    /// Review: show the findings marked 忽略, or hide them again.
    ShowIgnored,
    /// Write this window's draft over one changed elsewhere (only when asked about it).
    Overwrite,
    /// Recovery dialog: take the recovery file's text.
    TakeRecovery,
    /// Recovery dialog: keep the draft, leave the recovery file where it is.
    KeepDraft,
    /// Locked dialog: open the draft read-only.
    ReadOnly,
    /// Locked dialog: take the draft over from a window that is gone.
    TakeOver,
    /// Export dialog: the previous or next file format.
    PrevFormat,
    NextFormat,
    /// Import dialog: raise the year by one, or not.
    ToggleNextYear,
    /// Import dialog: blank the figures, or not.
    ToggleBlankFigures,
    /// A path field: complete the path typed so far.
    Complete,
    /// 发到我的电脑: the box of ways to get the exported file (or the text) onto the writer's
    /// own computer.
    Send,
    /// 发到我的电脑: send the exported file by ZMODEM (`sz`).
    Zmodem,
    /// 发到我的电脑: copy the report's text to the writer's own clipboard (OSC 52).
    CopyText,
    /// Import dialog: receive a file from the writer's computer by ZMODEM (`rz`).
    Receive,
    /// Start screen: rename the chosen draft.
    RenameDraft,
    /// Start screen: move the chosen draft to 已删除 (after asking).
    DeleteDraft,
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    PageUp,
    PageDown,
    WordLeft,
    WordRight,
    /// Editor: the selection grows with the caret (Shift and an arrow, Home or End).
    SelectLeft,
    SelectRight,
    SelectUp,
    SelectDown,
    SelectHome,
    SelectEnd,
    /// Editor: the wizard's own clipboard.
    Cut,
    Copy,
    Paste,
    /// Editor: the caret's point (or the selected points) one up or down.
    MovePointUp,
    MovePointDown,
    /// Phrase list: empty the search box.
    ClearSearch,
    /// Phrases, preview or heading: back to the editor.
    ToEditor,
    Backspace,
    Delete,
    /// A one-line field: delete everything before the caret (readline's Ctrl-U).
    DeleteToStart,
    Enter,
    /// Closes a dialog; nothing else.
    Close,
    Type(char),
}

impl Action {
    /// What the action does, as the help screen and the dialogs say it.
    pub fn description(self) -> &'static str {
        match self {
            Action::NextStep => "下一步（空着的必填项会在检查中列出，不会拦住你）",
            Action::PrevStep => "上一步",
            Action::FocusNext => "切换：正文 → 素材 → 预览 → 标题；选中待填处时跳到下一处",
            Action::FocusPrev => "反向切换；表单中回到上一项",
            Action::Enter => "正文中另起一段；表单中到下一项；素材中插入选中的一句",
            Action::NextSlot => "选中本部分下一个待填处（{…} 或 *），输入即替换",
            Action::Guidance => "看本部分写作提示的全文",
            Action::Assist => {
                "写作助手：对光标所在段落（或段内选中的文字）润色、扩写、压缩、改写或起草"
            }
            Action::ShowPrompt => "写作助手：查看发送给模型的提示词，再按一次收起",
            Action::Accept => "写作助手：用回答替换原文（光标在原段落时；Ctrl-Z 撤销）",
            Action::TogglePane => "窄屏时在“素材”和“预览”之间切换",
            Action::Fix => "检查页面：按建议修正选中的问题（标点、错别字、提法等）",
            Action::FixAll => "检查页面：把选中的这一类中必错的问题一次全部修正",
            Action::Ignore => "检查页面：忽略选中的问题，再按一次取消忽略",
            Action::ShowIgnored => "检查页面：显示或隐藏已忽略的问题",
            Action::Save => "立即保存草稿（平时也会自动保存，见帮助末尾）",
            Action::Export => "导出报告（.txt、.md、.docx），已有文件会先问你",
            Action::Overwrite => "草稿在别处被修改过时：用这里的内容覆盖磁盘上的草稿",
            Action::TakeRecovery => "采用恢复文件（保存后删除它）",
            Action::KeepDraft => "保留草稿，恢复文件留在原处不动",
            Action::ReadOnly => "只读打开（可以看、可以导出，不能修改）",
            Action::TakeOver => "接管这份草稿（对方窗口中未保存的内容可能丢失）",
            Action::PrevFormat => "导出时换上一种格式",
            Action::NextFormat => "导出时换下一种格式",
            Action::ToggleNextYear => "导入时：年度加一，作为今年的草稿",
            Action::ToggleBlankFigures => "导入时：把数字换成 *，今年重新填写",
            Action::Complete => "导入时：补全文件路径（~ 表示主文件夹）",
            Action::Send => "发到我的电脑：ZMODEM 发送文件、复制全文、取文件的命令",
            Action::Zmodem => "用 ZMODEM（sz）把导出的文件发到你的电脑",
            Action::CopyText => "把全文复制到你电脑的剪贴板（OSC 52）",
            Action::Receive => "导入时：用 ZMODEM（rz）从你的电脑接收旧报告",
            Action::RenameDraft => "开始页面：给选中的草稿改名",
            Action::DeleteDraft => "开始页面：把选中的草稿移到“已删除”文件夹（先问你，可以移回）",
            Action::Undo => "撤销",
            Action::Redo => "重做",
            Action::Quit => "保存并退出（不会丢字，不用确认）",
            Action::Help => "打开本帮助",
            Action::Close => "只关闭对话框，不会退出或丢弃任何内容",
            Action::Left => "左移一个字",
            Action::Right => "右移一个字",
            Action::Up => "上移一行（按屏幕上的行）",
            Action::Down => "下移一行",
            Action::Home => "到行首",
            Action::End => "到行尾",
            Action::WordLeft => "左移到上一个词（中文按标点分句）",
            Action::WordRight => "右移到下一个词",
            Action::PageUp => "上翻一页",
            Action::PageDown => "下翻一页",
            Action::SelectLeft => "向左选中一个字（按住 Shift 用方向键选中文字）",
            Action::SelectRight => "向右选中一个字",
            Action::SelectUp => "向上选中一行",
            Action::SelectDown => "向下选中一行",
            Action::SelectHome => "选中到行首",
            Action::SelectEnd => "选中到行尾；输入即替换选中的文字，Delete 删除",
            Action::Cut => "剪切选中的文字；没有选中时剪切当前一整段",
            Action::Copy => "复制选中的文字；没有选中时复制当前一整段",
            Action::Paste => "粘贴剪切或复制的内容；整段的放在当前段之前",
            Action::MovePointUp => "把当前段（或选中的几段）上移，编号随之调整",
            Action::MovePointDown => "把当前段（或选中的几段）下移",
            Action::ClearSearch => "清空素材的查找框",
            Action::ToEditor => "从素材、预览或标题回到正文，什么也不丢",
            Action::Backspace => "删除前一个字；在段首时与上一段合并",
            Action::Delete => "删除后一个字；在段尾时与下一段合并",
            Action::DeleteToStart => "输入栏中删去光标前的全部文字（光标在末尾时即清空）",
            Action::Type(_) => "输入文字",
        }
    }

    /// Whether the action changes the text of what has the focus (not only the caret).
    pub fn edits_text(self) -> bool {
        matches!(
            self,
            Action::Type(_) | Action::Backspace | Action::Delete | Action::DeleteToStart
        )
    }
}

/// Where the keys go: each mode has its own keymap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Start,
    Form,
    Editor,
    Heading,
    Phrases,
    Preview,
    Review,
    Help,
    /// The box with a part's whole guidance.
    Guidance,
    Export,
    /// What is unfinished, before the export box.
    Unfinished,
    Import,
    /// 发到我的电脑.
    Send,
    /// The mapping of an imported report, before the draft is made.
    Mapping,
    Recovery,
    Conflict,
    Locked,
    /// The start screen's box for a draft's new name.
    Rename,
    /// The start screen's box asking before a draft goes to 已删除.
    Delete,
    /// The writing assistant's menu and its once-per-draft question: the pane takes every key.
    AssistMenu,
    /// The writing assistant's answer, coming or come: the writer types on in the editor, and
    /// only these keys are the pane's.
    AssistAnswer,
}

impl Mode {
    pub const ALL: [Mode; 21] = [
        Mode::Start,
        Mode::Form,
        Mode::Editor,
        Mode::Heading,
        Mode::Phrases,
        Mode::Preview,
        Mode::Review,
        Mode::Help,
        Mode::Guidance,
        Mode::Export,
        Mode::Unfinished,
        Mode::Import,
        Mode::Send,
        Mode::Mapping,
        Mode::Recovery,
        Mode::Conflict,
        Mode::Locked,
        Mode::Rename,
        Mode::Delete,
        Mode::AssistMenu,
        Mode::AssistAnswer,
    ];

    /// Whether the mode is a dialog's (over a screen).
    pub fn is_dialog(self) -> bool {
        matches!(
            self,
            Mode::Help
                | Mode::Guidance
                | Mode::Export
                | Mode::Unfinished
                | Mode::Import
                | Mode::Send
                | Mode::Mapping
                | Mode::Recovery
                | Mode::Conflict
                | Mode::Locked
                | Mode::Rename
                | Mode::Delete
                | Mode::AssistMenu
                | Mode::AssistAnswer
        )
    }

    /// Whether a typed character is text here (else a bare letter may be a choice).
    fn takes_text(self) -> bool {
        matches!(
            self,
            Mode::Form
                | Mode::Editor
                | Mode::Heading
                | Mode::Phrases
                | Mode::Export
                | Mode::Import
                | Mode::Rename
        )
    }

    /// The tables this mode's keymap is made of, the mode's own first.
    fn tables(self) -> &'static [&'static [Binding]] {
        match self {
            Mode::Start => &[START, START_DRAFT],
            Mode::Form => &[ONE_LINE, FORM, LINE, WIZARD],
            Mode::Editor => &[EDITOR, EDITOR_MOVES, PART, LINE, WIZARD],
            Mode::Heading => &[HEADING, ONE_LINE, PART, LINE, WIZARD],
            Mode::Phrases => &[PHRASES, PART, LINE, WIZARD],
            Mode::Preview => &[SCROLL, PART, WIZARD],
            Mode::Review => &[REVIEW, FIX, HANDOFF, WIZARD],
            Mode::Help => &[HELP],
            Mode::Guidance => &[HELP],
            Mode::Export => &[EXPORT, ONE_LINE, LINE, DIALOG, HANDOFF],
            Mode::Unfinished => &[DIALOG],
            Mode::Import => &[IMPORT, ONE_LINE, LINE, DIALOG],
            Mode::Send => &[SEND],
            Mode::Mapping => &[MAPPING, DIALOG],
            Mode::Recovery => &[RECOVERY],
            Mode::Conflict => &[CONFLICT],
            Mode::Locked => &[LOCKED],
            Mode::Rename => &[ONE_LINE, LINE, DIALOG],
            Mode::Delete => &[DIALOG],
            Mode::AssistMenu => &[ASSIST_MENU],
            Mode::AssistAnswer => &[ASSIST_ANSWER],
        }
    }

    /// Every binding of the mode, the mode's own first.
    pub fn bindings(self) -> impl Iterator<Item = &'static Binding> {
        self.tables().iter().flat_map(|t| t.iter())
    }
}

/// One key of a keymap: the key, its modifiers, the action, and how the screen names the key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Binding {
    pub code: KeyCode,
    pub mods: KeyModifiers,
    pub action: Action,
    pub name: &'static str,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
const ALT: KeyModifiers = KeyModifiers::ALT;

const fn key(code: KeyCode, mods: KeyModifiers, action: Action, name: &'static str) -> Binding {
    Binding {
        code,
        mods,
        action,
        name,
    }
}

const fn ctrl(c: char, action: Action, name: &'static str) -> Binding {
    key(KeyCode::Char(c), CTRL, action, name)
}

/// Every screen of an open draft.
const WIZARD: &[Binding] = &[
    ctrl('n', Action::NextStep, "Ctrl-N"),
    ctrl('p', Action::PrevStep, "Ctrl-P"),
    ctrl('s', Action::Save, "Ctrl-S"),
    ctrl('e', Action::Export, "Ctrl-E"),
    ctrl('q', Action::Quit, "Ctrl-Q"),
    key(KeyCode::F(1), NONE, Action::Help, "F1"),
    ctrl('g', Action::Help, "Ctrl-G"),
];

/// Editing one line of text (and the editor's caret within a row).
const LINE: &[Binding] = &[
    key(KeyCode::Left, NONE, Action::Left, "←"),
    key(KeyCode::Right, NONE, Action::Right, "→"),
    key(KeyCode::Home, NONE, Action::Home, "Home"),
    key(KeyCode::End, NONE, Action::End, "End"),
    ctrl('a', Action::Home, "Ctrl-A"),
    key(KeyCode::Backspace, NONE, Action::Backspace, "Backspace"),
    ctrl('h', Action::Backspace, "Ctrl-H"),
    key(KeyCode::Delete, NONE, Action::Delete, "Delete"),
];

/// What a one-line field (a form field, a heading, a path, a name) has beyond [`LINE`], which the
/// editor shares: Ctrl-U empties it up to the caret.
const ONE_LINE: &[Binding] = &[ctrl('u', Action::DeleteToStart, "Ctrl-U")];

const ENTER: Binding = key(KeyCode::Enter, NONE, Action::Enter, "Enter");
const CTRL_M: Binding = ctrl('m', Action::Enter, "Ctrl-M");
const CTRL_J: Binding = ctrl('j', Action::Enter, "Ctrl-J");
const TAB: Binding = key(KeyCode::Tab, NONE, Action::FocusNext, "Tab");
const BACK_TAB: Binding = key(KeyCode::BackTab, SHIFT, Action::FocusPrev, "Shift-Tab");
const BACK_TAB_BARE: Binding = key(KeyCode::BackTab, NONE, Action::FocusPrev, "Shift-Tab");
const UP: Binding = key(KeyCode::Up, NONE, Action::Up, "⇡");
const DOWN: Binding = key(KeyCode::Down, NONE, Action::Down, "⇣");
const PAGE_UP: Binding = key(KeyCode::PageUp, NONE, Action::PageUp, "PgUp");
const PAGE_DOWN: Binding = key(KeyCode::PageDown, NONE, Action::PageDown, "PgDn");
const ESC: Binding = key(KeyCode::Esc, NONE, Action::Close, "Esc");
const QUIT: Binding = ctrl('q', Action::Quit, "Ctrl-Q");

/// Every focus of a part's step.
const PART: &[Binding] = &[
    TAB,
    BACK_TAB,
    BACK_TAB_BARE,
    key(KeyCode::F(2), NONE, Action::TogglePane, "F2"),
    ctrl('t', Action::TogglePane, "Ctrl-T"),
    key(KeyCode::F(3), NONE, Action::NextSlot, "F3"),
    key(KeyCode::F(5), NONE, Action::Guidance, "F5"),
    ctrl('k', Action::Guidance, "Ctrl-K"),
];

const FORM: &[Binding] = &[
    ENTER,
    CTRL_M,
    CTRL_J,
    TAB,
    BACK_TAB,
    BACK_TAB_BARE,
    UP,
    DOWN,
];

/// What the editor does besides moving.
const EDITOR: &[Binding] = &[
    ENTER,
    CTRL_M,
    CTRL_J,
    UNDO,
    REDO,
    ctrl('x', Action::Cut, "Ctrl-X"),
    ctrl('c', Action::Copy, "Ctrl-C"),
    ctrl('v', Action::Paste, "Ctrl-V"),
    key(KeyCode::Up, ALT, Action::MovePointUp, "Alt-⇡"),
    key(KeyCode::Down, ALT, Action::MovePointDown, "Alt-⇣"),
    // Where Alt is the terminal's own (macOS Option, some Xshell set-ups).
    key(KeyCode::Up, CTRL, Action::MovePointUp, "Ctrl-⇡"),
    key(KeyCode::Down, CTRL, Action::MovePointDown, "Ctrl-⇣"),
    key(KeyCode::F(6), NONE, Action::Assist, "F6"),
    ctrl('w', Action::Assist, "Ctrl-W"),
];

const UNDO: Binding = ctrl('z', Action::Undo, "Ctrl-Z");
const REDO: Binding = ctrl('y', Action::Redo, "Ctrl-Y");
/// Back from the phrases, the preview or the heading to the editor: bare Esc, which never
/// quits or discards anything here either.
const TO_EDITOR: Binding = key(KeyCode::Esc, NONE, Action::ToEditor, "Esc");

/// Moving in the editor beyond a row.
const EDITOR_MOVES: &[Binding] = &[
    UP,
    DOWN,
    PAGE_UP,
    PAGE_DOWN,
    key(KeyCode::Left, CTRL, Action::WordLeft, "Ctrl-←"),
    key(KeyCode::Right, CTRL, Action::WordRight, "Ctrl-→"),
    key(KeyCode::Left, ALT, Action::WordLeft, "Alt-←"),
    key(KeyCode::Right, ALT, Action::WordRight, "Alt-→"),
    key(KeyCode::Left, SHIFT, Action::SelectLeft, "Shift-←"),
    key(KeyCode::Right, SHIFT, Action::SelectRight, "Shift-→"),
    key(KeyCode::Up, SHIFT, Action::SelectUp, "Shift-⇡"),
    key(KeyCode::Down, SHIFT, Action::SelectDown, "Shift-⇣"),
    key(KeyCode::Home, SHIFT, Action::SelectHome, "Shift-Home"),
    key(KeyCode::End, SHIFT, Action::SelectEnd, "Shift-End"),
];

const HEADING: &[Binding] = &[ENTER, CTRL_M, CTRL_J, UNDO, REDO, TO_EDITOR];

const PHRASES: &[Binding] = &[
    ENTER,
    CTRL_M,
    CTRL_J,
    UP,
    DOWN,
    PAGE_UP,
    PAGE_DOWN,
    ctrl('u', Action::ClearSearch, "Ctrl-U"),
    TO_EDITOR,
];

/// The preview: scrolled, never edited.
const SCROLL: &[Binding] = &[
    UP,
    DOWN,
    PAGE_UP,
    PAGE_DOWN,
    key(KeyCode::Home, NONE, Action::Home, "Home"),
    TO_EDITOR,
];

/// The assistant's menu (a task by ⇡⇣ and Enter, or by its digit, which comes as typed) and
/// the question before the first send.
const ASSIST_MENU: &[Binding] = &[
    UP,
    DOWN,
    ENTER,
    CTRL_M,
    CTRL_J,
    key(KeyCode::Char('p'), NONE, Action::ShowPrompt, "P"),
    key(KeyCode::Char('P'), NONE, Action::ShowPrompt, "P"),
    ESC,
    QUIT,
];

/// The assistant's answer beside the editor: no letter, since the writer is typing; the key
/// that opened the pane shows what was sent.
const ASSIST_ANSWER: &[Binding] = &[
    key(KeyCode::Enter, NONE, Action::Accept, "Enter"),
    ctrl('m', Action::Accept, "Ctrl-M"),
    ctrl('j', Action::Accept, "Ctrl-J"),
    key(KeyCode::F(6), NONE, Action::ShowPrompt, "F6"),
    ctrl('w', Action::ShowPrompt, "Ctrl-W"),
    ESC,
];

/// The review's keys for its findings: fix one, fix a kind, ignore, show the ignored.
const FIX: &[Binding] = &[
    ctrl('f', Action::Fix, "Ctrl-F"),
    key(KeyCode::F(4), NONE, Action::Fix, "F4"),
    ctrl('r', Action::FixAll, "Ctrl-R"),
    key(KeyCode::F(5), NONE, Action::FixAll, "F5"),
    ctrl('k', Action::Ignore, "Ctrl-K"),
    key(KeyCode::F(7), NONE, Action::Ignore, "F7"),
    ctrl('t', Action::ShowIgnored, "Ctrl-T"),
    key(KeyCode::F(8), NONE, Action::ShowIgnored, "F8"),
];

/// 发到我的电脑, on the review screen and in the export dialog once a file is exported.
const HANDOFF: &[Binding] = &[
    key(KeyCode::F(9), NONE, Action::Send, "F9"),
    ctrl('d', Action::Send, "Ctrl-D"),
];

/// The 发到我的电脑 box: its letters are its choices. Not Enter: a transfer's last frame ends
/// in `\r`, and should one come late it must not start another.
const SEND: &[Binding] = &[
    key(KeyCode::Char('z'), NONE, Action::Zmodem, "Z"),
    key(KeyCode::Char('Z'), NONE, Action::Zmodem, "Z"),
    key(KeyCode::Char('c'), NONE, Action::CopyText, "C"),
    key(KeyCode::Char('C'), NONE, Action::CopyText, "C"),
    ESC,
    QUIT,
];

const REVIEW: &[Binding] = &[
    UP, DOWN, PAGE_UP, PAGE_DOWN, ENTER, CTRL_M, CTRL_J, UNDO, REDO,
];

const START: &[Binding] = &[
    UP,
    DOWN,
    key(KeyCode::Home, NONE, Action::Home, "Home"),
    key(KeyCode::End, NONE, Action::End, "End"),
    PAGE_UP,
    PAGE_DOWN,
    ENTER,
    CTRL_M,
    CTRL_J,
    QUIT,
    key(KeyCode::F(1), NONE, Action::Help, "F1"),
    ctrl('g', Action::Help, "Ctrl-G"),
];

/// What the start screen does to the chosen draft.
const START_DRAFT: &[Binding] = &[
    key(KeyCode::F(2), NONE, Action::RenameDraft, "F2"),
    key(KeyCode::Char('r'), NONE, Action::RenameDraft, "R"),
    key(KeyCode::Char('R'), NONE, Action::RenameDraft, "R"),
    key(KeyCode::Delete, NONE, Action::DeleteDraft, "Delete"),
    key(KeyCode::Char('d'), NONE, Action::DeleteDraft, "D"),
    key(KeyCode::Char('D'), NONE, Action::DeleteDraft, "D"),
];

/// Help and the guidance box scroll; any other key closes them.
const HELP: &[Binding] = &[UP, DOWN, PAGE_UP, PAGE_DOWN, QUIT, ESC];

/// Every dialog that asks for a file name.
const DIALOG: &[Binding] = &[ENTER, CTRL_M, CTRL_J, ESC, QUIT];

const EXPORT: &[Binding] = &[
    key(KeyCode::Up, NONE, Action::PrevFormat, "⇡"),
    key(KeyCode::Down, NONE, Action::NextFormat, "⇣"),
    key(KeyCode::BackTab, SHIFT, Action::PrevFormat, "Shift-Tab"),
    key(KeyCode::BackTab, NONE, Action::PrevFormat, "Shift-Tab"),
    key(KeyCode::Tab, NONE, Action::NextFormat, "Tab"),
];

const IMPORT: &[Binding] = &[
    key(KeyCode::Up, NONE, Action::ToggleNextYear, "⇡"),
    key(KeyCode::Down, NONE, Action::ToggleBlankFigures, "⇣"),
    key(KeyCode::Tab, NONE, Action::Complete, "Tab"),
    key(KeyCode::F(9), NONE, Action::Receive, "F9"),
    ctrl('d', Action::Receive, "Ctrl-D"),
];

/// Choosing a piece of the imported report (⇡⇣) and the part it goes to (←→).
const MAPPING: &[Binding] = &[
    UP,
    DOWN,
    key(KeyCode::Left, NONE, Action::Left, "←"),
    key(KeyCode::Right, NONE, Action::Right, "→"),
    PAGE_UP,
    PAGE_DOWN,
];

const RECOVERY: &[Binding] = &[
    key(KeyCode::Enter, NONE, Action::TakeRecovery, "Enter"),
    key(KeyCode::Char('y'), NONE, Action::TakeRecovery, "Y"),
    key(KeyCode::Char('Y'), NONE, Action::TakeRecovery, "Y"),
    key(KeyCode::Esc, NONE, Action::KeepDraft, "Esc"),
    key(KeyCode::Char('n'), NONE, Action::KeepDraft, "N"),
    key(KeyCode::Char('N'), NONE, Action::KeepDraft, "N"),
    QUIT,
];

/// What the writer types goes on into the text beneath (see `app`): only these keys are the
/// box's own.
const CONFLICT: &[Binding] = &[ctrl('o', Action::Overwrite, "Ctrl-O"), ESC, QUIT];

const LOCKED: &[Binding] = &[
    key(KeyCode::Char('r'), NONE, Action::ReadOnly, "R"),
    key(KeyCode::Char('R'), NONE, Action::ReadOnly, "R"),
    key(KeyCode::Enter, NONE, Action::ReadOnly, "Enter"),
    key(KeyCode::Esc, NONE, Action::ReadOnly, "Esc"),
    key(KeyCode::Char('t'), NONE, Action::TakeOver, "T"),
    key(KeyCode::Char('T'), NONE, Action::TakeOver, "T"),
    QUIT,
];

/// The action of a key press in `mode`, if it has one. Releases are ignored; Shift alone never
/// changes an action (Shift-↑ moves like ↑); where the mode takes text a character typed with
/// or without Shift is typed, elsewhere a bound letter is a choice (the `Y` of a dialog).
pub fn action(mode: Mode, key: KeyEvent) -> Option<Action> {
    if key.kind != KeyEventKind::Press && key.kind != KeyEventKind::Repeat {
        return None;
    }
    let typed = typed(key);
    if mode.takes_text() && typed.is_some() {
        return typed;
    }
    bound(mode, key).or(typed)
}

/// The action a key is bound to in `mode`'s keymap (a typed character is not one).
pub fn bound(mode: Mode, key: KeyEvent) -> Option<Action> {
    if key.kind != KeyEventKind::Press && key.kind != KeyEventKind::Repeat {
        return None;
    }
    let mods = key.modifiers - KeyModifiers::SHIFT;
    let exact = mode
        .bindings()
        .find(|b| b.code == key.code && b.mods == key.modifiers);
    let loose = || {
        mode.bindings()
            .find(|b| b.code == key.code && b.mods == mods)
    };
    exact.or_else(loose).map(|b| b.action)
}

/// A character typed, with or without Shift (Alt only for what an input method sends).
fn typed(key: KeyEvent) -> Option<Action> {
    let mods = key.modifiers - KeyModifiers::SHIFT;
    match key.code {
        KeyCode::Char(c) if mods.is_empty() || mods == KeyModifiers::ALT && !c.is_ascii() => {
            Some(Action::Type(c))
        }
        _ => None,
    }
}

/// The key names bound to an action in `mode`, each once, in the keymap's order.
pub fn keys_for(mode: Mode, action: Action) -> Vec<&'static str> {
    let mut names: Vec<&str> = Vec::new();
    for b in mode.bindings().filter(|b| b.action == action) {
        if !names.contains(&b.name) {
            names.push(b.name);
        }
    }
    names
}

/// The first key bound to an action in `mode`, for a sentence that names it ("" if none).
/// A sentence naming a key its mode does not bind is a mistake; debug builds (and so every test
/// that draws the sentence) stop on it.
pub fn first_key(mode: Mode, action: Action) -> &'static str {
    let name = mode.bindings().find(|b| b.action == action).map(|b| b.name);
    debug_assert!(name.is_some(), "{mode:?} binds no key to {action:?}");
    name.unwrap_or("")
}

/// One hint of a hint bar: what the keys of some actions do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hint {
    /// The actions whose first keys the hint names (empty: typing).
    pub actions: &'static [Action],
    pub label: &'static str,
}

/// What the hint for typing calls the keys.
pub const TYPING: &str = "输入";

impl Hint {
    pub const fn new(actions: &'static [Action], label: &'static str) -> Hint {
        Hint { actions, label }
    }

    /// How the hint names its keys in `mode`: each action's first key, as one glyph pair
    /// (`⇡⇣`) or joined with `/` (`Enter/Tab`); typing is called so.
    pub fn keys(&self, mode: Mode) -> String {
        if self.actions.is_empty() {
            return TYPING.to_string();
        }
        let names: Vec<&str> = self
            .actions
            .iter()
            .filter_map(|a| keys_for(mode, *a).first().copied())
            .collect();
        let glyphs = names.iter().all(|n| n.chars().count() == 1);
        names.join(if glyphs { "" } else { "/" })
    }
}

/// The modes whose keys the help screen lists: between them, every key of a draft's screens.
const HELP_MODES: [Mode; 7] = [
    Mode::Start,
    Mode::Editor,
    Mode::Heading,
    Mode::Phrases,
    Mode::Review,
    Mode::Conflict,
    Mode::Help,
];

/// The actions the help screen lists, from the keymaps of a draft's screens, each once: the
/// wizard's own keys, a part's, the editor's and the review's, the dialogs', then moving.
pub fn help_actions() -> Vec<Action> {
    let modes = HELP_MODES;
    let mut actions: Vec<Action> = Vec::new();
    for table in [
        WIZARD,
        PART,
        EDITOR,
        FIX,
        HANDOFF,
        CONFLICT,
        LINE,
        ONE_LINE,
        EDITOR_MOVES,
        PHRASES,
        START_DRAFT,
    ] {
        for b in table {
            if !actions.contains(&b.action) && modes.iter().any(|m| m.bindings().any(|x| x == b)) {
                actions.push(b.action);
            }
        }
    }
    actions
}

/// The key names of an action anywhere on a draft's screens, for the help screen.
pub fn help_keys(action: Action) -> Vec<&'static str> {
    let mut names: Vec<&str> = Vec::new();
    for mode in HELP_MODES {
        for name in keys_for(mode, action) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(mode: Mode, code: KeyCode, mods: KeyModifiers) -> Option<Action> {
        action(mode, KeyEvent::new(code, mods))
    }

    /// Every action, by its variant; `Type` stands for all characters.
    const EVERY: &[Action] = &[
        Action::NextStep,
        Action::PrevStep,
        Action::Save,
        Action::Export,
        Action::Quit,
        Action::Undo,
        Action::Redo,
        Action::Help,
        Action::FocusNext,
        Action::FocusPrev,
        Action::TogglePane,
        Action::NextSlot,
        Action::Guidance,
        Action::Assist,
        Action::ShowPrompt,
        Action::Accept,
        Action::Fix,
        Action::FixAll,
        Action::Ignore,
        Action::ShowIgnored,
        Action::Overwrite,
        Action::TakeRecovery,
        Action::KeepDraft,
        Action::ReadOnly,
        Action::TakeOver,
        Action::PrevFormat,
        Action::NextFormat,
        Action::ToggleNextYear,
        Action::ToggleBlankFigures,
        Action::Complete,
        Action::Send,
        Action::Zmodem,
        Action::CopyText,
        Action::Receive,
        Action::RenameDraft,
        Action::DeleteDraft,
        Action::Left,
        Action::Right,
        Action::Up,
        Action::Down,
        Action::Home,
        Action::End,
        Action::PageUp,
        Action::PageDown,
        Action::WordLeft,
        Action::WordRight,
        Action::SelectLeft,
        Action::SelectRight,
        Action::SelectUp,
        Action::SelectDown,
        Action::SelectHome,
        Action::SelectEnd,
        Action::Cut,
        Action::Copy,
        Action::Paste,
        Action::MovePointUp,
        Action::MovePointDown,
        Action::ClearSearch,
        Action::ToEditor,
        Action::Backspace,
        Action::Delete,
        Action::DeleteToStart,
        Action::Enter,
        Action::Close,
    ];

    /// A match that stops compiling when an action is added and not listed in `EVERY`.
    fn listed(action: Action) -> bool {
        match action {
            Action::NextStep
            | Action::PrevStep
            | Action::Save
            | Action::Export
            | Action::Quit
            | Action::Undo
            | Action::Redo
            | Action::Help
            | Action::FocusNext
            | Action::FocusPrev
            | Action::TogglePane
            | Action::NextSlot
            | Action::Guidance
            | Action::Assist
            | Action::ShowPrompt
            | Action::Accept
            | Action::Fix
            | Action::FixAll
            | Action::Ignore
            | Action::ShowIgnored
            | Action::Overwrite
            | Action::TakeRecovery
            | Action::KeepDraft
            | Action::ReadOnly
            | Action::TakeOver
            | Action::PrevFormat
            | Action::NextFormat
            | Action::ToggleNextYear
            | Action::ToggleBlankFigures
            | Action::Complete
            | Action::Send
            | Action::Zmodem
            | Action::CopyText
            | Action::Receive
            | Action::RenameDraft
            | Action::DeleteDraft
            | Action::Left
            | Action::Right
            | Action::Up
            | Action::Down
            | Action::Home
            | Action::End
            | Action::PageUp
            | Action::PageDown
            | Action::WordLeft
            | Action::WordRight
            | Action::SelectLeft
            | Action::SelectRight
            | Action::SelectUp
            | Action::SelectDown
            | Action::SelectHome
            | Action::SelectEnd
            | Action::Cut
            | Action::Copy
            | Action::Paste
            | Action::MovePointUp
            | Action::MovePointDown
            | Action::ClearSearch
            | Action::ToEditor
            | Action::Backspace
            | Action::Delete
            | Action::DeleteToStart
            | Action::Enter
            | Action::Close => EVERY.contains(&action),
            Action::Type(_) => true,
        }
    }

    #[test]
    fn control_keys_map_to_their_actions() {
        assert_eq!(
            press(Mode::Editor, KeyCode::Char('n'), CTRL),
            Some(Action::NextStep)
        );
        assert_eq!(
            press(Mode::Form, KeyCode::Char('q'), CTRL),
            Some(Action::Quit)
        );
        assert_eq!(press(Mode::Review, KeyCode::F(1), NONE), Some(Action::Help));
    }

    #[test]
    fn characters_are_typed_with_or_without_shift_where_text_goes() {
        assert_eq!(
            press(Mode::Editor, KeyCode::Char('述'), NONE),
            Some(Action::Type('述'))
        );
        assert_eq!(
            press(Mode::Form, KeyCode::Char('A'), SHIFT),
            Some(Action::Type('A'))
        );
        assert_eq!(
            press(Mode::Export, KeyCode::Char('y'), NONE),
            Some(Action::Type('y'))
        );
    }

    #[test]
    fn a_dialogs_letters_are_its_choices_with_or_without_shift() {
        assert_eq!(
            press(Mode::Recovery, KeyCode::Char('Y'), SHIFT),
            Some(Action::TakeRecovery)
        );
        assert_eq!(
            press(Mode::Recovery, KeyCode::Char('n'), NONE),
            Some(Action::KeepDraft)
        );
        assert_eq!(
            press(Mode::Locked, KeyCode::Char('t'), NONE),
            Some(Action::TakeOver)
        );
        assert_eq!(
            press(Mode::Locked, KeyCode::Char('x'), NONE),
            Some(Action::Type('x'))
        );
    }

    #[test]
    fn shift_selects_in_the_editor_and_does_not_change_a_movement_elsewhere() {
        assert_eq!(press(Mode::Phrases, KeyCode::Up, SHIFT), Some(Action::Up));
        assert_eq!(press(Mode::Form, KeyCode::Home, SHIFT), Some(Action::Home));
        assert_eq!(
            press(Mode::Editor, KeyCode::Up, SHIFT),
            Some(Action::SelectUp)
        );
        assert_eq!(
            press(Mode::Editor, KeyCode::End, SHIFT),
            Some(Action::SelectEnd)
        );
    }

    #[test]
    fn esc_only_closes_or_goes_back_to_the_editor() {
        for mode in [
            Mode::Help,
            Mode::Export,
            Mode::Import,
            Mode::Mapping,
            Mode::Conflict,
        ] {
            assert_eq!(press(mode, KeyCode::Esc, NONE), Some(Action::Close));
        }
        for mode in [Mode::Phrases, Mode::Preview, Mode::Heading] {
            assert_eq!(
                press(mode, KeyCode::Esc, NONE),
                Some(Action::ToEditor),
                "{mode:?}"
            );
        }
        for mode in [Mode::Start, Mode::Form, Mode::Editor, Mode::Review] {
            assert_eq!(press(mode, KeyCode::Esc, NONE), None, "{mode:?}");
        }
    }

    #[test]
    fn the_editors_clipboard_keys_take_no_key_of_the_design_table() {
        // DESIGN's key table is a contract: these keys keep their actions in the editor.
        for (c, action) in [
            ('n', Action::NextStep),
            ('p', Action::PrevStep),
            ('s', Action::Save),
            ('e', Action::Export),
            ('q', Action::Quit),
            ('z', Action::Undo),
            ('y', Action::Redo),
            ('g', Action::Help),
        ] {
            assert_eq!(press(Mode::Editor, KeyCode::Char(c), CTRL), Some(action));
        }
        assert_eq!(
            press(Mode::Editor, KeyCode::Char('x'), CTRL),
            Some(Action::Cut)
        );
        assert_eq!(
            press(Mode::Editor, KeyCode::Char('c'), CTRL),
            Some(Action::Copy)
        );
        assert_eq!(
            press(Mode::Editor, KeyCode::Char('v'), CTRL),
            Some(Action::Paste)
        );
        assert_eq!(
            press(Mode::Editor, KeyCode::Up, ALT),
            Some(Action::MovePointUp)
        );
        assert_eq!(
            press(Mode::Phrases, KeyCode::Char('u'), CTRL),
            Some(Action::ClearSearch)
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_a_mode() {
        for mode in Mode::ALL {
            let all: Vec<&Binding> = mode.bindings().collect();
            for (i, a) in all.iter().enumerate() {
                for b in &all[i + 1..] {
                    assert!(
                        (a.code, a.mods) != (b.code, b.mods),
                        "{mode:?}: {:?} {:?} is bound to {:?} and {:?}",
                        a.code,
                        a.mods,
                        a.action,
                        b.action
                    );
                }
            }
        }
    }

    #[test]
    fn every_action_is_bound_somewhere_and_described() {
        for &action in EVERY {
            assert!(listed(action));
            let modes: Vec<Mode> = Mode::ALL
                .into_iter()
                .filter(|m| !keys_for(*m, action).is_empty())
                .collect();
            assert!(!modes.is_empty(), "{action:?} has no key");
            assert!(!action.description().is_empty(), "{action:?}");
            // A bound key reaches its action.
            for mode in modes {
                for b in mode.bindings().filter(|b| b.action == action) {
                    assert_eq!(
                        super::action(mode, KeyEvent::new(b.code, b.mods)),
                        Some(action),
                        "{mode:?} {}",
                        b.name
                    );
                }
            }
        }
    }

    #[test]
    fn the_help_screen_lists_every_key_of_a_drafts_screens() {
        let listed = help_actions();
        let screens = Mode::ALL
            .into_iter()
            .filter(|m| !m.is_dialog() && *m != Mode::Start);
        for mode in screens {
            for b in mode.bindings() {
                assert!(listed.contains(&b.action), "{mode:?}: {:?}", b.action);
                assert!(help_keys(b.action).contains(&b.name), "{}", b.name);
            }
        }
    }

    #[test]
    fn the_start_screens_rename_and_delete_keys_are_in_the_help() {
        assert_eq!(keys_for(Mode::Start, Action::RenameDraft), ["F2", "R"]);
        assert_eq!(keys_for(Mode::Start, Action::DeleteDraft), ["Delete", "D"]);
        let listed = help_actions();
        for action in [Action::RenameDraft, Action::DeleteDraft] {
            assert!(listed.contains(&action), "{action:?}");
        }
        assert_eq!(help_keys(Action::RenameDraft), ["F2", "R"]);
    }

    #[test]
    fn hints_name_the_first_keys_of_their_actions() {
        let choose = Hint::new(&[Action::Up, Action::Down], "选择");
        assert_eq!(choose.keys(Mode::Phrases), "⇡⇣");
        let next = Hint::new(&[Action::Enter, Action::FocusNext], "下一项");
        assert_eq!(next.keys(Mode::Form), "Enter/Tab");
        assert_eq!(keys_for(Mode::Editor, Action::Help), ["F1", "Ctrl-G"]);
        assert_eq!(keys_for(Mode::Editor, Action::FocusPrev), ["Shift-Tab"]);
    }

    #[test]
    fn every_alias_the_readme_lists_does_what_its_first_key_does() {
        // The README's key table: rows `| A 或 B |`, two names of one key.
        let pairs: Vec<(&str, &str)> = include_str!("../../README.md")
            .lines()
            .filter_map(|line| line.strip_prefix("| ")?.split_once(" |"))
            .filter_map(|(keys, _)| keys.split_once(" 或 "))
            .collect();
        assert!(pairs.len() >= 8, "{pairs:?}");
        for (first, alias) in pairs {
            let shared: Vec<(Mode, Action, Action)> = Mode::ALL
                .into_iter()
                .filter_map(|mode| {
                    let bound = |name: &str| {
                        mode.bindings()
                            .find(|b| b.name == name)
                            .map(|b| super::action(mode, KeyEvent::new(b.code, b.mods)))
                    };
                    Some((mode, bound(first)??, bound(alias)??))
                })
                .collect();
            assert!(!shared.is_empty(), "{first} 或 {alias}: no mode binds both");
            for (mode, a, b) in shared {
                assert_eq!(a, b, "{mode:?}: {first} and {alias}");
            }
        }
    }
}
