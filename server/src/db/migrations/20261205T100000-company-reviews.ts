import { type Kysely, sql } from 'kysely'

/**
 * Company reviews, salary reports and interview reports (issue 10). The records themselves are
 * post side (written by anonymous endpoints; no account id, no foreign key to the account side,
 * months instead of times); a representative's response is account side and real-name. Salary
 * cells are the daily batch's aggregates: only they are ever shown.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const rating = (name: string) => sql.raw(`${name} smallint not null check (${name} between 1 and 5)`)
  await sql`
    create table company_review (
      id uuid primary key,
      company_slug text not null,
      ${rating('overall')}, ${rating('culture')}, ${rating('work_life')}, ${rating('compensation')}, ${rating('management')}, ${rating('growth')},
      recommend boolean not null,
      ceo text check (ceo in ('approve', 'disapprove', 'no_opinion')),
      headline text not null default '',
      pros text not null,
      cons text not null,
      advice text not null default '',
      employment text not null check (employment in ('current', 'former')),
      title_family text not null,
      posted_on date not null,
      helpful integer not null default 0
    )`.execute(db)
  await sql`create index company_review_company_idx on company_review (company_slug, posted_on desc, id)`.execute(db)
  await sql`
    create table company_review_helpful (
      review_id uuid not null references company_review (id) on delete cascade,
      voter_key bytea not null,
      primary key (review_id, voter_key)
    )`.execute(db)
  await sql`
    create table company_salary (
      id uuid primary key,
      company_slug text not null,
      title_family text not null,
      level text not null default '',
      location text not null,
      location_key text not null,
      years_experience smallint not null,
      base bigint not null check (base >= 0),
      bonus bigint not null default 0 check (bonus >= 0),
      equity bigint not null default 0 check (equity >= 0),
      currency text not null,
      year smallint not null,
      posted_on date not null
    )`.execute(db)
  await sql`create index company_salary_company_idx on company_salary (company_slug)`.execute(db)
  await sql`
    create table company_salary_cell (
      company_slug text not null,
      title_family text not null,
      location_key text not null,
      location text not null,
      currency text not null,
      count integer not null,
      p25 bigint,
      median bigint,
      p75 bigint,
      median_total bigint,
      computed_at timestamptz not null,
      primary key (company_slug, title_family, location_key, currency)
    )`.execute(db)
  await sql`
    create table company_interview (
      id uuid primary key,
      company_slug text not null,
      position text not null,
      outcome text not null check (outcome in ('offer', 'declined_offer', 'no_offer', 'pending')),
      difficulty smallint not null check (difficulty between 1 and 5),
      experience text not null check (experience in ('positive', 'neutral', 'negative')),
      body text not null,
      questions text not null default '',
      posted_on date not null
    )`.execute(db)
  await sql`create index company_interview_company_idx on company_interview (company_slug, posted_on desc, id)`.execute(db)
  // A yearly token is valid for up to two years: its spent row must outlive the weekly ones'.
  await sql`alter table talk_spent_token add column long_lived boolean not null default false`.execute(db)
  await sql`
    create table company_review_response (
      review_id uuid primary key,
      company_id uuid not null references company (id) on delete cascade,
      author_id uuid references account (id) on delete set null,
      body text not null,
      created_at timestamptz not null,
      updated_at timestamptz
    )`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table talk_spent_token drop column long_lived`.execute(db)
  for (const t of ['company_review_response', 'company_interview', 'company_salary_cell', 'company_salary', 'company_review_helpful', 'company_review']) await db.schema.dropTable(t).execute()
}
