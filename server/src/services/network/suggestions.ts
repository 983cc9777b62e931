import { sql } from 'kysely'
import { NETWORK } from '../../../../shared/src/api/limits.js'
import type { AppContext } from '../../context.js'

/** How much each shared thing weighs in "people you may know". */
const WEIGHT = { mutual: 3, school: 2, employer: 2 } as const

/**
 * People you may know, in one query: friends of friends (counted by mutual connections), people
 * who studied at a school in the viewer's profile, and people who worked at one of the viewer's
 * employers (experience entries and verified employments). Only what the viewer may see counts:
 * a candidate's education and experience count only when the profile is shown to all members,
 * their verified employments only when shown on the profile. Excluded: the viewer, anyone with
 * a connection row with the viewer (connected, or an invitation either way, ignored ones too),
 * and anyone with a block between them.
 */
export async function suggestions(ctx: AppContext, viewerId: string) {
  const { rows } = await sql<{ id: string; handle: string; name: string; headline: string; mutual: number; schools: number; employers: number }>`
    with v as (
      select addressee_id as id from connection where state = 'accepted' and requester_id = ${viewerId}
      union select requester_id from connection where state = 'accepted' and addressee_id = ${viewerId}
    ),
    fof as (
      select x.id, count(*)::int as n from (
        select c.addressee_id as id from v join connection c on c.requester_id = v.id and c.state = 'accepted'
        union all select c.requester_id from v join connection c on c.addressee_id = v.id and c.state = 'accepted'
      ) x where x.id <> ${viewerId} group by x.id
    ),
    my_schools as (
      select distinct lower(btrim(e->>'school')) as s from profile, jsonb_array_elements(profile.education) e where profile.account_id = ${viewerId}
    ),
    schools as (
      select p.account_id as id, count(distinct lower(btrim(e->>'school')))::int as n
      from profile p, jsonb_array_elements(p.education) e
      where p.visibility = 'members' and p.account_id <> ${viewerId} and lower(btrim(e->>'school')) in (select s from my_schools)
      group by p.account_id
    ),
    my_employers as (
      select lower(btrim(e->>'company')) as s from profile, jsonb_array_elements(profile.experience) e where profile.account_id = ${viewerId}
      union select lower(company.name) from employment join company on company.id = employment.company_id where employment.account_id = ${viewerId}
    ),
    their_employers as (
      select p.account_id as id, lower(btrim(e->>'company')) as s from profile p, jsonb_array_elements(p.experience) e where p.visibility = 'members'
      union select employment.account_id, lower(company.name) from employment join company on company.id = employment.company_id where employment.show_on_profile
    ),
    employers as (
      select id, count(distinct s)::int as n from their_employers where id <> ${viewerId} and s in (select s from my_employers) group by id
    ),
    candidates as (
      select id from fof union select id from schools union select id from employers
    )
    select a.id, a.handle, a.name, p.headline,
      coalesce(fof.n, 0) as mutual, coalesce(schools.n, 0) as schools, coalesce(employers.n, 0) as employers
    from candidates k
    join account a on a.id = k.id
    join profile p on p.account_id = a.id
    left join fof on fof.id = k.id
    left join schools on schools.id = k.id
    left join employers on employers.id = k.id
    where not exists (
        select 1 from connection c
        where (c.requester_id = ${viewerId} and c.addressee_id = k.id) or (c.requester_id = k.id and c.addressee_id = ${viewerId})
      )
      and not exists (
        select 1 from member_block b
        where (b.blocker_id = ${viewerId} and b.blocked_id = k.id) or (b.blocker_id = k.id and b.blocked_id = ${viewerId})
      )
    order by ${WEIGHT.mutual} * coalesce(fof.n, 0) + ${WEIGHT.school} * coalesce(schools.n, 0) + ${WEIGHT.employer} * coalesce(employers.n, 0) desc,
      coalesce(fof.n, 0) desc, a.name, a.id
    limit ${NETWORK.suggestions}`.execute(ctx.db)
  return rows
}
