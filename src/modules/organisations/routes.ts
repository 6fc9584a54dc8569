import { defineRoute } from '../../platform/http/route.ts';

export const organisationRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/organisations',
    summary: 'The organisation tree (public data: names, agency e-IDs, addresses)',
    tag: 'organisations',
    access: 'public',
    handler: async ({ ctx }) => {
      const orgs = await ctx.orgs.all();
      return {
        items: orgs
          .filter((o) => o.active)
          .map((o) => ({ id: o.id, parentId: o.parent_id, name: o.name, shortName: o.short_name, kind: o.kind, agencyEid: o.agency_eid, address: o.address, phone: o.phone, isDemo: o.is_demo, workingHours: o.calendar })),
      };
    },
  }),
];
