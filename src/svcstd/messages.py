"""The messages of the top-level package (loading, checking, auditing, saving), in Chinese
and English: one catalog, ``MESSAGES``, with a section per module that uses it.

Keys are unique across the package; a key names what is wrong, and a module's section
says where it is said. ``tests/test_messages.py`` checks that every key used is defined
and every key defined is used. The module is long because it is all of the package's
texts: data, kept apart from the code that says them (as sphinx keeps ``sphinx/locale``).
"""

from __future__ import annotations

from svcstd.i18n import Catalog

MESSAGES = Catalog(
    {
        # --- registry: lookup by name
        "unknown_name": {
            "zh": "没有{kind} {name}{suggestion}；可用：{known}",
            "en": "no {kind} {name}{suggestion}; known: {known}",
        },
        "did_you_mean_names": {"zh": "（是否想用 {names}？）", "en": " (did you mean {names}?)"},
        # --- schemacheck, validate: schema errors; center ids and references
        "required": {
            "en": "missing required key '{name}' in {where}",
            "zh": "{where} 缺少必需的键 '{name}'",
        },
        "required_top": {
            "en": "missing required top-level key '{name}'",
            "zh": "缺少必需的顶层键 '{name}'",
        },
        "required_one_of": {
            "en": "missing required key in {where}: one of {keys}",
            "zh": "{where} 至少需要以下键之一：{keys}",
        },
        "unknown_key": {
            "en": "unknown key '{name}' in {where}",
            "zh": "{where} 中有未知的键 '{name}'",
        },
        "unknown_key_top": {
            "en": "unknown top-level key '{name}'",
            "zh": "未知的顶层键 '{name}'",
        },
        "did_you_mean_key": {
            "en": "did you mean '{suggestion}'?{extensions}",
            "zh": "是否想写 '{suggestion}'？{extensions}",
        },
        "moved_key": {
            "en": "'{name}' belongs in {where}; move it there.{extensions}",
            "zh": "'{name}' 应写在 {where} 中，请移到那里。{extensions}",
        },
        "allowed_keys": {
            "en": "allowed keys here: {allowed}.{extensions}",
            "zh": "此处允许的键：{allowed}。{extensions}",
        },
        "type": {
            "en": "expected {expected}, got {actual} {value}",
            "zh": "类型应为 {expected}，实际为 {actual} {value}",
        },
        "yaml_version": {
            "en": "YAML 1.1 reads `{raw}` as {value}, editors and YAML 1.2 as {other}; write {fix}",
            "zh": "YAML 1.1 把 `{raw}` 读成 {value}，编辑器和 YAML 1.2 读成 {other}；请写成 {fix}",
        },
        "yaml_quote": {
            "en": 'YAML read `{raw}` as {value}; put it in quotes: "{raw}"',
            "zh": 'YAML 把 `{raw}` 读成了 {value}；请加引号："{raw}"',
        },
        "enum": {
            "en": "{value} is not one of: {allowed}",
            "zh": "{value} 不是允许的值之一：{allowed}",
        },
        "did_you_mean": {
            "en": "did you mean {suggestion}?",
            "zh": "是否想写 {suggestion}？",
        },
        "const": {
            "en": "expected {expected}, got {value}",
            "zh": "应为 {expected}，实际为 {value}",
        },
        "pattern": {
            "en": "{value} does not match the pattern {pattern}",
            "zh": "{value} 不符合格式 {pattern}",
        },
        "invalid_format": {
            "en": "{value} is not a valid {format}",
            "zh": "{value} 不是有效的 {format}",
        },
        "regex_hint": {
            "en": "RE2 says: {reason}. Patterns run on RE2, in linear time: no lookaround ((?=, (?!) and no backreferences (\\1); use not_matches or not instead",
            "zh": "RE2 报告：{reason}。正则表达式由 RE2 以线性时间执行：不支持环视（(?=、(?!）和反向引用（\\1）；请改用 not_matches 或 not",
        },
        "format_example": {
            "en": "write it like {example}",
            "zh": "请写成 {example} 这样的形式",
        },
        "minimum": {
            "en": "{value} is less than the minimum {limit}",
            "zh": "{value} 小于最小值 {limit}",
        },
        "maximum": {
            "en": "{value} is greater than the maximum {limit}",
            "zh": "{value} 大于最大值 {limit}",
        },
        "min_length": {
            "en": "{value} is too short: at least {limit} character(s)",
            "zh": "{value} 太短：至少 {limit} 个字符",
        },
        "more_unknown_keys": {
            "en": "{count} more unknown keys in {where} are not shown",
            "zh": "{where} 中另有 {count} 个未知的键未列出",
        },
        "more_problems": {
            "en": "{count} more problems in this file are not shown; fix the ones above and run again",
            "zh": "此文件另有 {count} 处问题未列出；请先修正以上问题再运行",
        },
        "schema": {
            "en": "schema error: {detail}",
            "zh": "结构错误：{detail}",
        },
        "duplicate_element_id": {
            "en": "duplicate id {id} in {collection}, first used at line {line}",
            "zh": "{collection} 中的 id {id} 重复，首次出现在第 {line} 行",
        },
        "duplicate_element_id_other_file": {
            "en": "duplicate id {id} in {collection}, first used at {location}",
            "zh": "{collection} 中的 id {id} 重复，首次出现在 {location}",
        },
        "unknown_ref": {
            "en": "{target} is not an id in {collection}",
            "zh": "{collection} 中没有 id {target}",
        },
        "self_ref": {
            "en": "{target} refers to itself; name another element of {collection}",
            "zh": "{target} 引用了自身；请填写 {collection} 中的其他元素",
        },
        "known_ids": {
            "en": "known ids: {ids}",
            "zh": "已有的 id：{ids}",
        },
        "no_ids": {
            "en": "{collection} defines no ids",
            "zh": "{collection} 中没有定义任何 id",
        },
        # --- files
        "unreadable": {
            "en": "cannot read {path}: {reason}; check that it exists and is readable",
            "zh": "无法读取 {path}：{reason}；请检查它是否存在且可读",
        },
        "fifo": {
            "en": "{path} is a FIFO, not a regular file; give a file",
            "zh": "{path} 是命名管道，不是普通文件；请给出一个文件",
        },
        "device": {
            "en": "{path} is a device, not a regular file; give a file",
            "zh": "{path} 是设备，不是普通文件；请给出一个文件",
        },
        "folder": {
            "en": "{path} is a folder, not a file; give a file",
            "zh": "{path} 是目录，不是文件；请给出一个文件",
        },
        "special": {
            "en": "{path} is a socket or special file, not a regular file; give a file",
            "zh": "{path} 是套接字或特殊文件，不是普通文件；请给出一个文件",
        },
        # --- centerfiles
        "center_too_large": {
            "en": "the center folder is larger than the limit of {limit} bytes in all; split the center or raise the limit (svcstd --max-center-mb)",
            "zh": "中心目录合计超过 {limit} 字节的大小上限；请拆分该中心，或调高该上限（svcstd --max-center-mb）",
        },
        "center_not_mapping": {
            "en": "a center description must be a mapping at the top level (keys such as 'svcstd:' and 'center:'); write it as key: value lines",
            "zh": "中心描述的顶层必须是映射（例如 'svcstd:'、'center:' 等键）；请按“键: 值”的形式书写",
        },
        "no_center_yaml": {
            "en": "folder {folder} has no center.yaml; a center folder holds center.yaml and optionally processes/*.yaml",
            "zh": "目录 {folder} 中没有 center.yaml；中心目录应包含 center.yaml，以及可选的 processes/*.yaml",
        },
        "processes_not_list": {
            "en": "'processes' must be a list when the folder has processes/*.yaml files; write it as a list or remove it",
            "zh": "目录中有 processes/*.yaml 文件时，'processes' 必须是列表；请改为列表或删除该键",
        },
        "process_file_not_list": {
            "en": "a processes file must hold a YAML list of processes; start each process with '- '",
            "zh": "事项文件必须是事项的 YAML 列表；请以 '- ' 开始每个事项",
        },
        "no_such_path": {
            "en": "{path} does not exist; check the path",
            "zh": "{path} 不存在；请检查路径",
        },
        "no_centers": {
            "en": "no center descriptions found in {folder}; a center is a YAML file with a top-level `svcstd:` key or a folder with center.yaml",
            "zh": "在 {folder} 中没有找到中心描述；中心描述是带有顶层 `svcstd:` 键的 YAML 文件，或包含 center.yaml 的目录",
        },
        # --- assessment
        "unknown_clause": {
            "zh": "条款 {clause} 不是规则集 {ruleset} 的人工评估条款；可填：{known}",
            "en": "clause {clause} is not a manual clause of ruleset {ruleset}; manual clauses: {known}",
        },
        "too_many_points": {
            "zh": "条款 {clause} 给了 {given} 分，超过其分值 {points}",
            "en": "clause {clause} is given {given} points, more than its {points}",
        },
        "duplicate_clause": {
            "zh": "条款 {clause} 重复评估；每个条款只填一行",
            "en": "clause {clause} is assessed twice; give each clause one line",
        },
        "other_version": {
            "zh": "现场评估表针对规则集 {theirs}，本次审核使用 {ours}；未采用，请按 {ours} 重新评估",
            "en": "the on-site assessment is for ruleset {theirs}, this audit uses {ours}; not used: assess again against {ours}",
        },
        "other_center": {
            "zh": "现场评估表针对中心 {theirs}，不是 {ours}；未采用",
            "en": "the on-site assessment is for center {theirs}, not {ours}; not used",
        },
        "too_old": {
            "zh": "现场评估日期 {date} 距审核日已 {age} 天，超过规则集允许的 {limit} 天；未采用，请重新评估",
            "en": "the on-site assessment of {date} is {age} days old, more than the ruleset's {limit}; not used: assess again",
        },
        "future": {
            "zh": "现场评估日期 {date} 晚于审核日 {as_of}；未采用",
            "en": "the on-site assessment is dated {date}, after the audit date {as_of}; not used",
        },
        "no_manual": {
            "zh": "规则集 {ruleset} 没有带分值的人工评估条款，无需现场评估表",
            "en": "ruleset {ruleset} has no manual clauses with points: there is nothing to assess on site",
        },
        # --- saved
        "report_unreadable": {"zh": "无法读取报告：{error}", "en": "cannot read the report: {error}"},
        "report_too_large": {
            "zh": "报告超过 {limit} 字节的大小上限，不是 svcstd audit -f json 写出的文件",
            "en": "the report is larger than the limit of {limit} bytes; it was not written by svcstd audit -f json",
        },
        "json": {
            "zh": "不是有效的 JSON：{error}；请传入 svcstd audit -f json 写出的文件",
            "en": "not valid JSON: {error}; give a file written by svcstd audit -f json",
        },
        "report_format": {
            "zh": "不是 svcstd 报告（format 应为 {formats}）；请传入 svcstd audit -f json 写出的文件",
            "en": "not a svcstd report (format must be {formats}); give a file written by svcstd audit -f json",
        },
        "shape": {
            "zh": "报告中 {where} 有误：{error}；它是否由另一版本的 svcstd 写出，或被改动过？",
            "en": "the report is wrong at {where}: {error}; was it written by another version of svcstd, or edited?",
        },
        # --- trend
        "too_few": {
            "zh": "趋势至少需要两份报告（各一个审核日期），现在只有 {count} 份",
            "en": "a trend needs at least two reports (one per audit date); got {count}",
        },
        "same_date": {
            "zh": "两份报告的审核日期相同（{as_of}）：{first} 和 {second}；每个日期只能有一份",
            "en": "two reports share the audit date {as_of}: {first} and {second}; give one per date",
        },
        "no_audited_center": {"zh": "报告中没有已审核的中心", "en": "the report has no audited center"},
        # --- output
        "cannot_write": {
            "zh": "无法写入 {path}：{reason}；请检查目录是否存在、可写且有空间",
            "en": "cannot write {path}: {reason}; check that its folder exists, is writable and has space",
        },
        "is_folder": {
            "zh": "{path} 是目录；-o 需要一个文件名",
            "en": "{path} is a folder; -o needs a file name",
        },
        "is_input": {
            "zh": "{path} 是本次运行的输入，不能用作输出；请换一个文件名",
            "en": "{path} is an input of this run and cannot be an output; choose another name",
        },
        "twice": {
            "zh": "两个输出指向同一个文件 {path}；每个格式需要自己的 -o 文件",
            "en": "two outputs go to the same file {path}; give each format its own -o file",
        },
        # --- ruledoc
        "id": {"zh": "编号", "en": "ID"},
        "severity": {"zh": "严重度", "en": "Severity"},
        "weight": {"zh": "权重", "en": "Weight"},
        "area": {"zh": "领域", "en": "Area"},
        "clause": {"zh": "条款", "en": "Clause"},
        "status": {"zh": "状态", "en": "Status"},
        "title": {"zh": "标题", "en": "Title"},
        "version": {"zh": "版本", "en": "Version"},
        "issued": {"zh": "发布日期", "en": "Issued"},
        "clauses": {"zh": "条款数", "en": "Clauses"},
        "manual": {"zh": "人工评估", "en": "Manual"},
        "facts": {
            "zh": "{ruleset} · 领域 {area} · 条款 {clause} · 严重度 {severity} · 权重 {weight} · 状态 {status} · 适用层级 {levels}",
            "en": "{ruleset} · area {area} · clause {clause} · severity {severity} · weight {weight} · status {status} · levels {levels}",
        },
        "aliases": {"zh": "曾用编号：{aliases}", "en": "Former ids: {aliases}"},
        "rationale": {"zh": "理由", "en": "Rationale"},
        "remediation": {"zh": "整改", "en": "Remediation"},
        "references": {"zh": "依据", "en": "References"},
        "article": {"zh": "第 {article} 条", "en": "art. {article}"},
        "parameters": {"zh": "参数", "en": "Parameters"},
        "check": {"zh": "检查", "en": "Check"},
        "examples": {"zh": "示例", "en": "Examples"},
        "example": {"zh": "应判为 {expect}：", "en": "expected {expect}:"},
        "added": {"zh": "新增规则", "en": "Rules added"},
        "removed": {"zh": "删除规则", "en": "Rules removed"},
        "changed": {"zh": "修改规则", "en": "Rules changed"},
        "renamed": {"zh": "（原 {old}）", "en": " (was {old})"},
        "params_added": {"zh": "新增参数", "en": "Parameters added"},
        "params_removed": {"zh": "删除参数", "en": "Parameters removed"},
        "params_changed": {"zh": "修改参数", "en": "Parameters changed"},
        "no_changes": {"zh": "{old} 与 {new} 没有差异", "en": "no differences between {old} and {new}"},
        "checked_by": {"zh": "检查规则：{rules}", "en": "Checked by: {rules}"},
        "superseded_by": {"zh": "（已被 {version} 取代）", "en": "(superseded by {version})"},
        "sources": {"zh": "引用文件", "en": "Sources"},
        "points": {"zh": "分值", "en": "Points"},
        "per_subject": {"zh": "每处扣 {points} 分", "en": "−{points} per subject"},
        "whole": {"zh": "不符合扣全部分值", "en": "a failure loses all"},
        "veto": {"zh": "否决项", "en": "veto"},
        "bonus": {"zh": "加分项", "en": "bonus"},
        "points_line": {
            "zh": "评分：指标 {indicator} · {points} 分 · {deduct}{flags}",
            "en": "Points: indicator {indicator} · {points} points · {deduct}{flags}",
        },
        # --- loader
        "too_large": {
            "en": "file is larger than the limit of {limit} bytes; split it (a center folder can hold processes/*.yaml) or raise the limit (svcstd --max-file-mb)",
            "zh": "文件超过 {limit} 字节的大小上限；请拆分文件（中心目录可使用 processes/*.yaml），或调高该上限（svcstd --max-file-mb）",
        },
        "wide_encoding": {
            "en": "file is encoded as {encoding}; save the file as UTF-8",
            "zh": "文件编码为 {encoding}；请将文件另存为 UTF-8 编码",
        },
        "bad_utf8": {
            "en": "byte 0x{byte} is not valid UTF-8 (the file may be in GBK or another encoding); save the file as UTF-8",
            "zh": "字节 0x{byte} 不是有效的 UTF-8（文件可能是 GBK 等其他编码）；请将文件另存为 UTF-8 编码",
        },
        "bad_character": {
            "en": "character {char} is not allowed in YAML; remove it, or save the file as UTF-8 if it uses another encoding",
            "zh": "YAML 中不允许出现字符 {char}；请删除它；若文件使用其他编码，请另存为 UTF-8",
        },
        "empty": {
            "en": "file is empty (no YAML content); write the content or remove the file",
            "zh": "文件为空（没有 YAML 内容）；请填写内容或删除该文件",
        },
        "multiple_documents": {
            "en": "a second YAML document starts here; a file holds one document: remove this '---' line or move what follows to its own file",
            "zh": "此处开始了第二个 YAML 文档；一个文件只能有一个文档：请删除这行 '---'，或把其后的内容移到单独的文件",
        },
        "syntax": {
            "en": "YAML syntax error: {detail}; fix the YAML at this position",
            "zh": "YAML 语法错误：{detail}；请修正此处的 YAML 语法",
        },
        "duplicate_key": {
            "en": "duplicate key '{name}' (first at line {line}); remove one of them",
            "zh": "重复的键 '{name}'（首次出现在第 {line} 行）；请删除其中一个",
        },
        "merge_key": {
            "en": "merge keys ('<<') are not supported; write the keys out",
            "zh": "不支持合并键（'<<'）；请把键逐一写出",
        },
        "complex_key": {
            "en": "a mapping key must be a single value, not a list or mapping; use a plain text key",
            "zh": "映射的键必须是单个值，不能是列表或映射；请使用普通文本作为键",
        },
        "tag_not_allowed": {
            "en": "tag '{tag}' is not allowed here; remove it (plain values, lists and mappings need no tag)",
            "zh": "此处不允许使用标签 '{tag}'；请删除它（普通值、列表和映射都不需要标签）",
        },
        "bad_value": {
            "en": "'{value}' is not a valid {kind}; fix the value, or quote it to make it text",
            "zh": "'{value}' 不是有效的 {kind}；请修正该值，或加引号使其成为文本",
        },
        "not_finite": {
            "en": "'{value}' is not a finite number; write a number, or quote it to make it text",
            "zh": "'{value}' 不是有限的数值；请填写数字，或加引号使其成为文本",
        },
        "too_many_nodes": {
            "en": "the document expands to more than {limit} values (an alias counts every time it is used); use fewer aliases or split the file",
            "zh": "文档展开后超过 {limit} 个值（别名每使用一次都会计数）；请减少别名或拆分文件",
        },
        "recursive_alias": {
            "en": "an alias refers to a value that contains it; write the values out instead of using the alias",
            "zh": "别名引用了包含它自身的值；请直接写出这些值，不要使用别名",
        },
        "too_deep": {
            "en": "nesting is deeper than {limit} levels; flatten the structure",
            "zh": "嵌套超过 {limit} 层；请减少嵌套层级",
        },
        # --- engine
        "finding": {"zh": "{subject}：{detail}", "en": "{subject}: {detail}"},
        "waiver_expired": {
            "zh": "对 {rule} 的豁免已于 {expires} 过期（审批人 {approver}）；请续期或整改",
            "en": "the waiver of {rule} expired on {expires} (approved by {approver}); renew it or fix the finding",
        },
        "unevaluable": {
            "zh": "规则 {rule} 无法评估（{error}）；请检查规则集的参数和条件",
            "en": "rule {rule} cannot be evaluated ({error}); check the ruleset's parameters and conditions",
        },
        "empty_subjects": {
            "zh": "未填报 `{path}`：列表为空或缺失，无法评估，不得分",
            "en": "`{path}` is empty or missing: nothing to assess, so no points",
        },
        "waiver_unmatched": {
            "zh": "对 {rule} 的豁免没有匹配到任何检查对象；请核对规则编号和 subject",
            "en": "the waiver of {rule} matches nothing; check the rule id and subject",
        },
        # --- audit
        "duplicate_id": {
            "zh": "中心编号 {id} 与 {other} 重复；同一批次中每个中心的 center.id 须唯一",
            "en": "center id {id} is also the id of {other}; each center of a batch needs its own center.id",
        },
    }
)
