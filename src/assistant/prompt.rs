//! 提示词: what the model is told, written by us for each report type, part and task. The part's
//! guidance, heading, usual 字数 and the report's year go with every request, and the rules are
//! those an office's 文稿 reviewer applies: the facts stay as written, nothing is invented, and
//! the prose is plain 公文 language without the empty 套话 and the “AI 味” writers complain of.
//! The text that is sent is exactly [`Prompt::shown`]: the writer can read it before it goes.

use crate::template::{Part, Template};
use crate::text::count::word_count;

use super::client::Message;

/// What the writer asks of the assistant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Task {
    /// 润色: the same content, better said.
    Polish,
    /// 扩写: towards the part's usual 字数.
    Expand,
    /// 压缩
    Condense,
    /// 换个说法
    Rephrase,
    /// 按要点起草: the writer's short notes made into the paragraph.
    Draft,
}

impl Task {
    pub const ALL: [Task; 5] = [
        Task::Polish,
        Task::Expand,
        Task::Condense,
        Task::Rephrase,
        Task::Draft,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Task::Polish => "润色",
            Task::Expand => "扩写",
            Task::Condense => "压缩",
            Task::Rephrase => "换个说法",
            Task::Draft => "按要点起草",
        }
    }

    /// What it does, as the menu says it.
    pub fn description(self) -> &'static str {
        match self {
            Task::Polish => "改正语病和标点，理顺语句，篇幅不变",
            Task::Expand => "把做法和成效写具体，接近本部分通常的字数",
            Task::Condense => "删去重复和空话，事实一个不少",
            Task::Rephrase => "换一种句式和措辞，意思不变",
            Task::Draft => "把这一段写的要点扩成正文",
        }
    }
}

/// Where the text is: the report and the part, for the model's context.
#[derive(Clone, Copy, Debug)]
pub struct Place<'a> {
    pub template: &'a Template,
    pub part: &'a Part,
    /// The report's 年度, as the draft has it (may be empty).
    pub year: &'a str,
    /// How many paragraphs the part has now (at least 1).
    pub paragraphs: usize,
}

/// A request ready to send, and how it reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prompt {
    pub task: Task,
    pub messages: Vec<Message>,
    /// The 字数 asked for, when the task aims at one.
    pub target: Option<usize>,
}

impl Prompt {
    /// Everything that is sent, as the writer reads it on request.
    pub fn shown(&self) -> String {
        let mut out = String::new();
        for m in &self.messages {
            let who = if m.role == "system" {
                "【系统提示】"
            } else {
                "【请求】"
            };
            out.push_str(who);
            out.push('\n');
            out.push_str(&m.content);
            out.push_str("\n\n");
        }
        out.trim_end().to_string()
    }
}

/// The rules every request carries.
const RULES: &str = "\
硬性要求：
1. 事实一律不改。原文中的数字和单位、日期、百分比、人名、单位名称、职务、文件名称（《》内的）、编号，以及 {…} 待填处和 * 号，必须原样保留，一个字也不改、不换写法（阿拉伯数字不改成汉字，汉字数字不改成阿拉伯数字）；不得添加原文没有的数字、日期、人名、地名、文件名称、具体事例和成绩。原文没有的材料就不写，不编造。
2. 只输出改好的正文，不加标题、小标题和序号（“一是”“（一）”“1.”等由软件自动编排），不加引号、说明、评语或“以下是……”之类的话，不用 Markdown 符号。原文分几段就输出几段，每段一行。
3. 文风：规范的公文语体，第一人称（本人、我），平实、准确、简洁，句子完整通顺。每句话都要有实际内容：能写具体的不写笼统的，不用空泛的套话和口号，不堆砌排比、对仗和形容词，“不断”“进一步”“全面”等词不连用；不用“赋能”“抓手”“闭环”“打通最后一公里”“组合拳”等时髦词，不用网络用语和翻译腔，不写“总之”“综上所述”“值得一提的是”“不仅……更……”；不自我拔高，不写空洞的决心表态。
4. 使用中文全角标点，符合 GB/T 15834 和 GB/T 15835。";

/// How each kind of report is written.
fn register(template: &Template) -> &'static str {
    match template.id.as_str() {
        "duizhao" => {
            "这是民主生活会（组织生活会）个人对照检查材料：查摆问题要具体、见人见事见思想，不避重就轻、不以工作问题代替思想问题；剖析原因从理想信念、宗旨意识、党性修养、纪律规矩上找根源；整改措施要可操作、有时限。语气诚恳、自我批评，不写成绩汇报。"
        }
        "zongjie" => {
            "这是个人年度工作总结：按“做了什么、怎么做的、效果怎样、有何体会”写，成绩用事实说话，问题和不足实事求是，语气平实，不写成述职报告的套路。"
        }
        "shuze" => {
            "这是述责述廉报告：重点写履行全面从严治党主体责任（或监督责任）和“一岗双责”的具体做法，廉洁自律情况如实说明，问题不回避。"
        }
        "shulian" => {
            "这是述职述廉报告：述职部分写履职尽责的做法和实绩，述廉部分如实报告廉洁自律和执行中央八项规定精神的情况，问题不回避。"
        }
        _ => {
            "这是干部年度述职述德述廉述法报告（德能勤绩廉）：德、能、勤、绩、廉、法各部分各写其事，做法具体、实绩可查，述法部分写学法用法、依法决策和履行推进法治建设第一责任人职责的情况。"
        }
    }
}

/// The 字数 of a text.
pub fn words(text: &str) -> usize {
    word_count(text).words
}

/// The 字数 to aim at for `task` on a text of `current` 字.
pub fn target(task: Task, place: &Place, current: usize) -> Option<usize> {
    let share = place
        .part
        .chars
        .map(|(min, max)| (min + max) / 2 / place.paragraphs.max(1));
    match task {
        Task::Polish | Task::Rephrase => None,
        Task::Expand => {
            let at_least = current + current / 2;
            Some(
                share
                    .map_or(at_least, |s| s.max(at_least))
                    .min(current.max(60) * 3),
            )
        }
        Task::Condense => Some((current * 6 / 10).max(20)),
        Task::Draft => Some(share.unwrap_or(300).max(current * 2).min(1200)),
    }
}

/// The request for `task` on `text` at `place`.
pub fn build(task: Task, place: &Place, text: &str) -> Prompt {
    let current = words(text);
    let target = target(task, place, current);
    let template = place.template;
    let part = place.part;
    let year = place.year.trim();
    let report = if year.is_empty() {
        format!("《{}》", template.name)
    } else {
        format!("{year}年度《{}》", template.name)
    };
    let mut system = format!(
        "你是党政机关办公室的文字秘书，帮助一位干部修改{report}中的文字。{}\n\n{RULES}",
        register(template)
    );
    let mut context = format!("\n\n这段文字所在的部分：{}", part.step);
    if let Some(heading) = &part.heading {
        context.push_str(&format!("（标题：{heading}）"));
    }
    context.push('。');
    let guidance = part
        .guidance
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("");
    if !guidance.is_empty() {
        context.push_str(&format!("本部分的写作要求：{guidance}"));
    }
    if let Some((min, max)) = part.chars {
        context.push_str(&format!("本部分全文通常 {min}–{max} 字。"));
    }
    if part.points.is_some() {
        context.push_str("本部分每段是一个要点，段首的序号由软件加，不要自己写。");
    }
    system.push_str(&context);
    let ask = match task {
        Task::Polish => "请润色下面这段文字：改正语病、错别字和不当的标点，理顺语序和逻辑，使表述更准确、规范、简洁。保持原意、全部信息和大致篇幅（增减不超过一成半），不扩充内容，不改变段落数。".to_string(),
        Task::Expand => format!(
            "请把下面这段文字（{current} 字）扩写到约 {} 字：围绕原文已有的事实，把做法写具体（抓了哪些环节、采取了什么措施），把成效和体会写实。可以补充与原文意思一致的一般性表述，但不得新增任何数字、日期、人名、地名、文件名称、具体事例和成绩；原文的每个事实都要保留。",
            target.unwrap_or(current)
        ),
        Task::Condense => format!(
            "请把下面这段文字（{current} 字）压缩到约 {} 字：删去重复的意思、空泛的套话和可有可无的修饰语，保留全部事实（数字、日期、名称一个不少）和主要做法。",
            target.unwrap_or(current)
        ),
        Task::Rephrase => "请换一种说法重写下面这段文字：换用不同的句式和措辞，避免与原文雷同；意思、全部事实和篇幅不变。".to_string(),
        Task::Draft => format!(
            "下面是作者为本部分列出的要点，可能很简短、不成句。请据此写成本部分的正文，约 {} 字：只写要点中有的内容，要点中的数字、日期、名称原样写入；要点没有提供的情况一律不写、不编造，可以用概括性的话把要点连成文。",
            target.unwrap_or(300)
        ),
    };
    let label = if task == Task::Draft {
        "要点"
    } else {
        "原文"
    };
    let user = format!("{ask}\n\n{label}：\n{}", text.trim());
    Prompt {
        task,
        messages: vec![Message::system(system), Message::user(user)],
        target,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::Registry;

    fn place<'a>(template: &'a Template, id: &str, paragraphs: usize) -> Place<'a> {
        Place {
            template,
            part: template.part(id).unwrap(),
            year: "2026",
            paragraphs,
        }
    }

    #[test]
    fn each_request_carries_the_report_the_part_and_the_rules() {
        let registry = Registry::builtin();
        let t = registry.template("dnqjl").unwrap();
        let p = build(Task::Polish, &place(t, "duty", 3), "全年完成投资12.5亿元。");
        let system = &p.messages[0].content;
        assert!(
            system.contains("2026年度《述职述德述廉述法报告（德能勤绩廉）》"),
            "{system}"
        );
        let duty = t.part("duty").unwrap();
        assert!(system.contains(&duty.step));
        assert!(system.contains("不得添加原文没有的数字"));
        assert!(system.contains("不要自己写"));
        assert!(
            p.messages[1]
                .content
                .ends_with("原文：\n全年完成投资12.5亿元。")
        );
        assert!(
            p.shown()
                .starts_with("【系统提示】\n你是党政机关办公室的文字秘书")
        );
        let t = registry.template("duizhao").unwrap();
        let first = &t.parts[1];
        let p = build(
            Task::Rephrase,
            &Place {
                template: t,
                part: first,
                year: "",
                paragraphs: 1,
            },
            "x",
        );
        assert!(p.messages[0].content.contains("对照检查材料"));
    }

    #[test]
    fn expanding_aims_at_the_parts_usual_length() {
        let registry = Registry::builtin();
        let t = registry.template("dnqjl").unwrap();
        let duty = t.part("duty").unwrap();
        let (min, max) = duty.chars.unwrap();
        let at = place(t, "duty", 4);
        let expanded = target(Task::Expand, &at, 200).unwrap();
        assert_eq!(expanded, ((min + max) / 2 / 4).clamp(300, 600));
        assert!(
            build(Task::Expand, &at, "做了一些工作").messages[1]
                .content
                .contains("扩写到约")
        );
        assert!(target(Task::Condense, &at, 200).unwrap() < 200);
        assert_eq!(target(Task::Polish, &at, 200), None);
    }
}
