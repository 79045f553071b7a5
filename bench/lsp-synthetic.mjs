// A synthetic policy of N measures, each with its text, lead and cooperating units and one benefit (an input,
// a condition on a list, a rate with a yearly cap), under the seed's header and units: what the editor and
// parse benches load. Names carry letter tags because Chinese identifiers do not run into digits.
export function syntheticPolicy(measures) {
  const tag = (n) => (n < 26 ? String.fromCharCode(97 + n) : tag(Math.floor(n / 26) - 1) + String.fromCharCode(97 + (n % 26)));
  const out = [
    '政策 synthetic-2026 "某市合成测试政策" {\n  状态：征求意见稿\n  发布：市商务局\n  有效期：自印发之日起 3年\n}\n',
    '单位 市商务局 "某市商务局"\n单位 市财政局 "某市财政局"\n单位 天河区政府 "某市天河区人民政府" 辖区 "天河区"\n',
    '主体 企业 "企业" = enterprise\n名单 重点企业 "重点企业名单"\n',
  ];
  for (let i = 1; i <= measures; i++) {
    const t = tag(i);
    out.push(
      `措施 ${i} "支持第${i}项工作" {\n` +
        `  原文："对符合条件的企业开展第${i}项工作产生的费用，给予不超过费用50%的扶持，每家企业每年最高100万元。"\n` +
        '  牵头：市商务局\n  配合：市财政局，天河区政府\n' +
        `  扶持 扶持${t} "第${i}项工作费用扶持" {\n` +
        '    对象：企业\n    条件：入选(重点企业)\n' +
        `    输入 费用${t}：金额 "第${i}项工作实际发生的费用"\n` +
        `    金额：费用${t} × 50%，不超过 100万元 每年\n  }\n}\n`,
    );
  }
  return out.join('\n');
}
