import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';

// Hash history: works both from file:// in Electron and from the lab server.
export const views: Array<RouteRecordRaw & { meta: { title: string; icon: string } }> = [
  { path: '/', name: 'project', component: () => import('./views/ProjectView.vue'), meta: { title: 'Project', icon: '▣' } },
  { path: '/model', name: 'model', component: () => import('./views/ModelView.vue'), meta: { title: 'Model', icon: '◇' } },
  { path: '/kernels', name: 'kernels', component: () => import('./views/KernelsView.vue'), meta: { title: 'Kernels', icon: '{}' } },
  { path: '/builds', name: 'builds', component: () => import('./views/BuildsView.vue'), meta: { title: 'Builds', icon: '⚙' } },
  { path: '/resources', name: 'resources', component: () => import('./views/ResourcesView.vue'), meta: { title: 'Resources', icon: '▤' } },
  { path: '/latency', name: 'latency', component: () => import('./views/LatencyView.vue'), meta: { title: 'Latency', icon: '◷' } },
  { path: '/power', name: 'power', component: () => import('./views/PowerView.vue'), meta: { title: 'Power', icon: 'ϟ' } },
  { path: '/explore', name: 'explore', component: () => import('./views/ExploreView.vue'), meta: { title: 'Explore', icon: '✦' } },
  { path: '/board', name: 'board', component: () => import('./views/BoardView.vue'), meta: { title: 'Board', icon: '⌁' } },
  { path: '/settings', name: 'settings', component: () => import('./views/SettingsView.vue'), meta: { title: 'Settings', icon: '☰' } },
];

export const router = createRouter({ history: createWebHashHistory(), routes: views });
