"""Every text the command line shows, in Chinese and English: its errors and outputs,
its usage errors, and its help pages (whose keys the declarations name as ``help=``)."""

from __future__ import annotations

from svcstd.i18n import Catalog
from svcstd.report import FORMATS

# The formats as the help of -f lists them, from the registry, so a new one is listed too.
_FORMATS = list(FORMATS)
_FORMATS_ZH = "、".join(_FORMATS[:-1]) + " 或 " + _FORMATS[-1]
_FORMATS_EN = ", ".join(_FORMATS[:-1]) + " or " + _FORMATS[-1]

MESSAGES = Catalog(
    {
        # errors and outputs of every command
        "internal": {
            "zh": "内部错误：{error}。这是 svcstd 的缺陷；请加 --debug 重新运行并报告。",
            "en": "internal error: {error}. This is a bug in svcstd; rerun with --debug and report it.",
        },
        "worker_ended": {
            "zh": "一个工作进程未交回结果就结束了（退出码 {code}：被终止，可能因内存不足）；未写入任何文件。请重新运行；内存不足时减少 -j。",
            "en": "a worker process ended without its result (exit code {code}: it was killed, perhaps for lack of memory); nothing was written. Run again, with fewer jobs (-j) if memory is short.",
        },
        "interrupted": {
            "zh": "已中断（Ctrl-C）；未写入任何文件",
            "en": "interrupted (Ctrl-C); nothing was written",
        },
        "too_many_outputs": {
            "zh": "-o/--output 的数量（{outputs}）多于 -f/--format（{formats}）；每个输出文件对应一个格式",
            "en": "more -o/--output ({outputs}) than -f/--format ({formats}); give one format per output file",
        },
        "stdout_twice": {
            "zh": "最多只能有一个格式输出到标准输出；请用 -o 为其他格式指定文件",
            "en": "only one format can go to standard output; give the others an -o file",
        },
        "binary_terminal": {
            "zh": "{format} 是二进制格式，不能输出到终端；请用 -o 指定文件",
            "en": "{format} is a binary format and cannot go to a terminal; give an -o file",
        },
        "use_a_site": {
            "zh": "{output}：{count} 个中心写在一个页面里，浏览器打开会很慢；要写成网站（首页加每中心一页），请给 -o 一个以 / 结尾的文件夹",
            "en": "{output}: {count} centers in one page open slowly in a browser; for a site (an index plus a page per center) give -o a folder ending in /",
        },
        "not_a_site": {
            "zh": "{output} 是文件夹，但 {format} 格式只能写成一个文件；只有 html 可以写成文件夹（网站）",
            "en": "{output} is a folder, but format {format} writes one file; only html writes a folder (a site)",
        },
        "bad_url": {
            "zh": "{option} 须为 http(s) 地址，不能是 {value!r}",
            "en": "{option} must be an http(s) address, not {value!r}",
        },
        "bad_date": {
            "zh": "{value!r} 不是 ISO 日期（例如 2026-11-27）",
            "en": "{value!r} is not an ISO date such as 2026-11-27",
        },
        # usage errors, said in the user's language (usage.py)
        "usage": {"zh": "用法：", "en": "Usage: "},
        "aborted": {"zh": "已中止", "en": "Aborted!"},
        "try_help": {"zh": "运行 '{command} {option}' 查看帮助。", "en": "Try '{command} {option}' for help."},
        "error": {"zh": "错误：{message}", "en": "Error: {message}"},
        "missing_argument": {"zh": "缺少参数 {hint}", "en": "Missing argument {hint}."},
        "missing_option": {"zh": "缺少选项 {hint}", "en": "Missing option {hint}."},
        "missing_parameter": {"zh": "缺少 {hint}", "en": "Missing parameter {hint}."},
        "no_option": {"zh": "没有选项 {name}", "en": "No such option: {name}"},
        "did_you_mean": {"zh": "（是否想用 {names}？）", "en": " (Possible options: {names})"},
        "bad_value": {"zh": "{hint} 的值无效：{detail}", "en": "Invalid value for {hint}: {detail}"},
        "not_one_of": {"zh": "'{value}' 不是可选值之一（{choices}）", "en": "'{value}' is not one of {choices}."},
        "no_command": {"zh": "没有命令 '{name}'", "en": "No such command '{name}'."},
        "needs_value": {"zh": "选项 '{name}' 需要一个值", "en": "Option '{name}' requires an argument."},
        "extra_args": {"zh": "多余的参数：{args}", "en": "Got unexpected extra arguments ({args})"},
        "not_number": {"zh": "'{value}' 不是{kind}", "en": "'{value}' is not a valid {kind}."},
        "integer": {"zh": "整数", "en": "integer"},
        "float": {"zh": "数字", "en": "float"},
        "out_of_range": {"zh": "{value} 不在 {range} 范围内", "en": "{value} is not in the range {range}."},
        # svcstd audit and validate
        "valid": {"zh": "{path}：格式正确", "en": "{path}: valid"},
        "gate_under": {
            "zh": "{center}：得分 {value} 低于 --fail-under {limit}",
            "en": "{center}: score {value} is below --fail-under {limit}",
        },
        "gate_severity": {
            "zh": "{center}：有严重度为 {severity} 或更高的规则未通过（--fail-on）",
            "en": "{center}: a rule of severity {severity} or higher failed (--fail-on)",
        },
        "gate_compliance": {"zh": "{center}：不达标", "en": "{center}: non-compliant"},
        "no_points_sheet": {
            "zh": "规则集 {ruleset} 没有评分表（indicators），不能用 points 模型；请去掉 --model 或换用有评分表的规则集",
            "en": "ruleset {ruleset} has no points sheet (indicators), so --model points cannot score it; drop --model or use a ruleset with one",
        },
        "gate_new": {
            "zh": "{center}：相对基线新增 {count} 处未通过：",
            "en": "{center}: {count} failures not in the baseline:",
        },
        "gate_new_one": {"zh": "{center}：相对基线新增 1 处未通过：", "en": "{center}: 1 failure not in the baseline:"},
        "new_failure": {"zh": "  {rule} {title} — {where}", "en": "  {rule} {title} — {where}"},
        # svcstd report, diff and init
        "exists": {
            "zh": "{path} 已存在；换一个文件名，或加 --force 覆盖",
            "en": "{path} exists; choose another name or pass --force to overwrite it",
        },
        "new_failures": {
            "zh": "NEW 中有 {count} 处未通过是 OLD 中没有的（--fail-on-new）",
            "en": "{count} failures in NEW are not in OLD (--fail-on-new)",
        },
        "written_worksheet": {
            "zh": "已写入 {path}；填好后用 svcstd audit --assessment {path} 计入得分",
            "en": "wrote {path}; once filled in, pass it to svcstd audit --assessment {path}",
        },
        "written": {
            "zh": "已写入 {path}；用 svcstd validate {path} 检查",
            "en": "wrote {path}; check it with svcstd validate {path}",
        },
        # svcstd rules, ruleset and standards
        "lint_ok": {
            "zh": "{path}：{rules} 条规则，未发现问题",
            "en": "{path}: {rules} rules, no problems found",
        },
        "case_failed": {"zh": "失败 {label}：{problem}", "en": "FAIL {label}: {problem}"},
        "tests_summary": {"zh": "用例：{passed} 个通过，{failed} 个失败", "en": "{passed} passed, {failed} failed"},
        "superseded": {
            "zh": "{ruleset} 已被 {newer} 取代（仍可使用，内容不变）",
            "en": "{ruleset} is superseded by {newer} (still available, unchanged)",
        },
        # help pages (help.py): their words
        "options_metavar": {"zh": "[选项]", "en": "[OPTIONS]"},
        "command_metavar": {"zh": "命令 [参数]...", "en": "COMMAND [ARGS]..."},
        "arguments": {"zh": "参数：", "en": "Arguments:"},
        "options": {"zh": "选项：", "en": "Options:"},
        "commands": {"zh": "命令：", "en": "Commands:"},
        "default": {"zh": "[默认：{value}]", "en": "[default: {value}]"},
        "env_var": {"zh": "[环境变量：{name}]", "en": "[env var: {name}]"},
        "required": {"zh": "[必需]", "en": "[required]"},
        "at_least": {"zh": "[不小于 {min}]", "en": "[at least {min}]"},
        "between": {"zh": "[{min} 到 {max}]", "en": "[{min} to {max}]"},
        # help of the commands: the first paragraph is the summary in the commands list
        "help_svcstd": {
            "zh": "按版本化的标准审计政务服务中心的描述。\n\n帮助使用 --lang 或 SVCSTD_LANG 指定的语言；未指定时，区域设置（LC_ALL、LC_MESSAGES、LANG）为中文则用中文，否则用英文。",
            "en": "Audit government service center (政务服务中心) descriptions against versioned standards.\n\nHelp is in the language --lang or SVCSTD_LANG asks for; without either, in Chinese where the locale (LC_ALL, LC_MESSAGES, LANG) is Chinese, else in English.",
        },
        "help_audit": {
            "zh": "审计服务中心并写出评分报告。\n\n退出码：0 所有门槛均通过；1 有门槛未通过（默认门槛是中心不达标；--fail-under 和 --fail-on 取代这一默认；有基线时只计新增的未通过）；2 输入或用法错误；3 内部错误。",
            "en": "Audit centers and write scored reports.\n\nExit codes: 0 every gate held; 1 a gate failed (by default a center is non-compliant; --fail-under and --fail-on replace that default; with a baseline only new failures count); 2 bad input or usage; 3 internal error.",
        },
        "help_validate": {
            "zh": '按 schema（格式 "1"）检查中心描述，不做审计。',
            "en": 'Check center descriptions against the schema (format "1") without auditing them.',
        },
        "help_report": {
            "zh": "把保存的 JSON 结果重新渲染为其他格式，不重新审计。\n\n报告保持写出时的语言；--lang 设定错误信息的语言。",
            "en": "Render a saved JSON result again in other formats, without re-auditing.\n\nThe report keeps the language it was written in; --lang sets the language of errors.",
        },
        "help_diff": {
            "zh": "比较两次保存的结果：每个中心的得分变化、新增和已修复的未通过项。\n\n未通过项按中心、规则和对象匹配，不按行号。",
            "en": "Compare two saved results: score changes, new and fixed failures per center.\n\nFailures are matched by center, rule and subject, not by line.",
        },
        "help_schema": {
            "zh": '输出中心描述（格式 "1"）的 JSON Schema，供编辑器使用。\n\nYAML 按编辑器的方式读取（YAML 1.2）：yes/no/on/off 是文本而不是布尔值，在应为布尔值处 svcstd 拒绝它们（请写 true/false），因此两者结论一致。',
            "en": 'Print the JSON Schema of the center description (format "1"), for editors.\n\nYAML is read as editors read it (YAML 1.2): yes/no/on/off are text, not booleans, and svcstd refuses them where a boolean belongs (write true/false), so both agree.',
        },
        "help_init": {
            "zh": "写出指定层级中心的起始描述，供填写；加 --assessment 时，写出规则集人工条款的现场评估表。",
            "en": "Write a starter description for a center of the given level, to fill in; or, with --assessment, the on-site assessment worksheet of a ruleset's manual clauses.",
        },
        "help_trend": {
            "zh": "每个中心得分随时间的变化、等级变化，以及每个时段已修复和新增未通过的规则；报告按审计日期排序。\n\n趋势使用最新报告的语言；--lang 设定错误信息的语言。",
            "en": "Each center's score over time, grade changes, and per period the rules fixed and newly failing; reports are ordered by their audit date.\n\nThe trend keeps the language of the newest report; --lang sets the language of errors.",
        },
        "help_rules": {
            "zh": "列出、显示和比较规则集中的规则。",
            "en": "List, show and compare the rules of a ruleset.",
        },
        "help_rules_list": {
            "zh": "列出规则集中的规则（应用配置档和剪裁之后）。",
            "en": "List the rules of a ruleset (after its profile and tailoring).",
        },
        "help_rules_show": {
            "zh": "显示一条规则：条款原文、理由、整改办法、参考依据、参数和示例。",
            "en": "Show one rule: clause text, rationale, remediation, references, parameters, examples.",
        },
        "help_rules_diff": {
            "zh": "显示从 OLD 到 NEW 新增、删除、调整权重或修改的规则，以及参数的变化。",
            "en": "Show rules added, removed, re-weighted or changed, and parameter changes, from OLD to NEW.",
        },
        "help_ruleset": {
            "zh": "检查规则集文件：静态检查，并运行其规则自带的测试用例。",
            "en": "Check a ruleset file: lint it, run its rules' own test cases.",
        },
        "help_ruleset_lint": {
            "zh": "检查规则集：元 schema、编号唯一、参数和领域已定义、条款在其标准中存在、两种结果都有测试用例、消息模板。\n\n退出码：0 无问题，1 有检查问题，2 文件无法加载。",
            "en": "Check a ruleset: meta-schema, unique ids, defined parameters and areas, clauses that exist in its standard, test cases for both outcomes, message templates.\n\nExit 0 clean, 1 lint problems, 2 the file cannot be loaded.",
        },
        "help_ruleset_test": {
            "zh": "运行每条规则自带的测试用例（应通过和应不通过的片段）。有用例失败时退出码为 1。",
            "en": "Run every rule's own test cases (passing and failing snippets). Exit 1 if any fails.",
        },
        "help_standards": {
            "zh": "列出和显示内置的标准及其条款。",
            "en": "List and show the bundled standards and their clauses.",
        },
        "help_standards_list": {"zh": "列出内置的标准。", "en": "List the bundled standards."},
        "help_standards_show": {
            "zh": "显示一项标准：其来源和按领域排列的条款，以及检查每条条款的规则。",
            "en": "Show a standard: its sources and clauses by area, with the rules that check each.",
        },
        # help of the options and arguments; opt_NAME for those typer and click add
        "opt_help": {"zh": "显示此帮助并退出。", "en": "Show this message and exit."},
        "opt_version": {"zh": "显示版本并退出。", "en": "Show the version and exit."},
        "opt_install_completion": {
            "zh": "为当前 shell 安装命令补全（bash、zsh、fish 或 PowerShell）。",
            "en": "Install completion for the current shell (bash, zsh, fish or PowerShell).",
        },
        "opt_show_completion": {
            "zh": "显示当前 shell 的补全脚本，以便复制或自定义安装。",
            "en": "Show completion for the current shell, to copy it or customize the installation.",
        },
        "opt_paths": {
            "zh": "中心描述：YAML 文件，或在其中查找中心的文件夹。",
            "en": "Center descriptions: YAML files, or folders searched for centers.",
        },
        "opt_lang": {"zh": "报告和消息的语言。", "en": "Language of reports and messages."},
        "opt_debug": {"zh": "显示内部错误的回溯。", "en": "Show tracebacks of internal errors."},
        "opt_ruleset": {
            "zh": "ID、ID@VERSION 或规则集文件（默认：最新的内置 cn-gsc）。",
            "en": "ID, ID@VERSION or a ruleset file (default: the newest bundled cn-gsc).",
        },
        "opt_profile": {
            "zh": "规则集的配置档（默认：baseline）。",
            "en": "A profile of the ruleset (default: baseline).",
        },
        "opt_tailoring": {
            "zh": "修改参数、权重或规则选择的剪裁文件。",
            "en": "A tailoring file that changes parameters, weights or selection.",
        },
        "opt_max_file_mb": {
            "zh": "拒绝大于此值的描述文件（防范超大输入）。",
            "en": "Refuse description files larger than this (a guard against huge input).",
        },
        "opt_max_center_mb": {
            "zh": "拒绝文件合计大于此值的中心文件夹。",
            "en": "Refuse a center folder whose files together are larger than this.",
        },
        "opt_as_of": {
            "zh": "计算时长和有效期所用的审计日期（ISO 格式）；默认今天。",
            "en": "Audit date (ISO) for ages and expiries; default today.",
        },
        "opt_formats": {
            "zh": f"输出格式：{_FORMATS_ZH}；可重复，输出多种。",
            "en": f"Output format: {_FORMATS_EN}; repeat for several.",
        },
        "opt_outputs": {
            "zh": "与同一位置的格式对应的输出文件；不给则输出到标准输出。html 给 DIR/ 时写成网站：index.html 加每个中心一页。",
            "en": "Output file for the format at the same position; without it, stdout. For html, DIR/ writes a site: index.html plus a page per center.",
        },
        "opt_max_chars": {
            "zh": "Markdown：放不进 N（按 UTF-8 字节计，不少于字符数）的内容折叠起来；默认 60000，适合拉取请求评论，1000000 适合 GitHub 步骤摘要。",
            "en": "Markdown: fold what does not fit into N (UTF-8 bytes, never fewer than the characters); the default, 60000, fits a pull-request comment, 1000000 a GitHub step summary.",
        },
        "opt_link_base": {
            "zh": "Markdown：文件链接到此 http(s) 地址之下（例如 https://github.com/ORG/REPO/blob/SHA/）；默认取自 GitHub Actions（GITHUB_SERVER_URL、GITHUB_REPOSITORY、GITHUB_SHA），否则为纯文本。",
            "en": "Markdown: link files under this http(s) address (e.g. https://github.com/ORG/REPO/blob/SHA/); default from GitHub Actions (GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA), else plain text.",
        },
        "opt_help_uri_base": {
            "zh": "SARIF：每条规则的 helpUri 为此地址加规则编号。",
            "en": "SARIF: each rule's helpUri is this address plus the rule id.",
        },
        "opt_model": {
            "zh": "评分模型：points（扣分制，有评分表的规则集默认用它）或 XCCDF 的 default、flat、flat-unweighted、absolute（没有评分表的规则集默认用 default）。",
            "en": "Scoring model: points (扣分制, the default of rulesets with a points sheet) or XCCDF's default, flat, flat-unweighted, absolute (the default of rulesets without one).",
        },
        "opt_assessments": {
            "zh": '人工条款的现场评估（svcstd-assessment: "1"）；可重复，每个中心一份。',
            "en": 'An on-site assessment of the manual clauses (svcstd-assessment: "1"); repeatable, one per center.',
        },
        "opt_fail_under": {"zh": "有得分低于此值时失败（退出码 1）。", "en": "Fail (exit 1) if a score is below this."},
        "opt_fail_on": {
            "zh": "有此严重度或更高的规则未通过时失败（退出码 1）：critical、major、minor 或 info。",
            "en": "Fail (exit 1) if a rule this severe or worse fails: critical, major, minor or info.",
        },
        "opt_waivers": {
            "zh": '豁免文件（svcstd-waivers: "1"）；可重复。',
            "en": 'A waivers file (svcstd-waivers: "1"); repeatable.',
        },
        "opt_no_waivers": {"zh": "忽略所有豁免。", "en": "Ignore every waiver."},
        "opt_gate_baseline": {
            "zh": "保存的 JSON 报告：门槛只计其中没有的未通过项。",
            "en": "A saved JSON report: gates count only failures it does not have.",
        },
        "opt_jobs": {
            "zh": "批量审计所用的进程数（默认：CPU 核数）。",
            "en": "Processes for a batch (default: the number of cores).",
        },
        "opt_no_cache": {
            "zh": "重新审计每个中心，不沿用未改动中心的结果。",
            "en": "Audit every center again, not from the results of unchanged ones.",
        },
        "opt_saved": {
            "zh": "由 svcstd audit -f json 写出的 JSON 报告。",
            "en": "A JSON report written by svcstd audit -f json.",
        },
        "opt_mark_baseline": {
            "zh": "把此报告中没有的未通过项标为新增。",
            "en": "Mark the failures this report lacks as new.",
        },
        "opt_diff_format": {
            "zh": "table、markdown 或 json（默认：按 -o 的扩展名，否则 table）。",
            "en": "table, markdown or json (default: from the -o extension, else table).",
        },
        "opt_output": {"zh": "写到此文件，而不是标准输出。", "en": "Write here instead of stdout."},
        "opt_fail_on_new": {
            "zh": "NEW 中有 OLD 没有的未通过项时退出码为 1（新增中心的未通过项也算）。",
            "en": "Exit 1 when a failure of NEW is not in OLD (a new center's count).",
        },
        "opt_processes": {
            "zh": "改为输出文件夹形式中心的 processes/*.yaml 文件的 schema。",
            "en": "The schema of a folder center's processes/*.yaml file instead.",
        },
        "opt_level": {
            "zh": "中心的层级：province、city、county、township 或 village。",
            "en": "The center's level: province, city, county, township or village.",
        },
        "opt_worksheet": {
            "zh": "改为写出 --ruleset 人工条款的空白现场评估表（供填写的 YAML；-f markdown 或 html 得到可打印的检查单）。",
            "en": "Write the blank on-site assessment worksheet of --ruleset's manual clauses instead (YAML to fill in; -f markdown or html for a printable checklist).",
        },
        "opt_center": {
            "zh": "与 --assessment 一起用：评估表所属的中心。",
            "en": "With --assessment: the center the worksheet is for.",
        },
        "opt_worksheet_format": {
            "zh": "与 --assessment 一起用：yaml、markdown 或 html。",
            "en": "With --assessment: yaml, markdown or html.",
        },
        "opt_force": {"zh": "覆盖已存在的文件。", "en": "Overwrite an existing file."},
        "opt_list_format": {"zh": "table 或 json。", "en": "table or json."},
        "opt_ruleset_arg": {
            "zh": "规则集：ID、ID@VERSION 或规则集文件。",
            "en": "A ruleset: ID, ID@VERSION or a ruleset file.",
        },
        "opt_area": {"zh": "只列出此领域的规则。", "en": "Only the rules of this area."},
        "opt_rule_id": {"zh": "规则编号（或曾用编号）。", "en": "A rule id (or a former id)."},
        "opt_standard": {"zh": "内置的标准。", "en": "A bundled standard."},
        "opt_trend_saved": {
            "zh": "保存的 JSON 报告（svcstd audit -f json），每个审计日期一份。",
            "en": "Saved JSON reports (svcstd audit -f json), one per audit date.",
        },
        "opt_trend_format": {"zh": "table、markdown、html 或 json。", "en": "table, markdown, html or json."},
    }
)
